//! The administrator's time zone: the browser's own, or the one chosen on this device;
//! and the zone of the platform's `Z` values (`config.json`'s `serverTimeZone`: UTC
//! unless the tenant's platform writes local wall-clock times). The browser's `Intl`
//! knows every zone's rules, so none are compiled in.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use contract::datetime::{self, offset_label, Clock, Utc, Zone};
use js_sys::{Function, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use crate::js;

/// Where the zone chosen on this device is kept (a zone's name, no secret).
const CHOSEN_KEY: &str = "user-admin.time-zone";

/// A zone by its IANA name, its rules read from the browser.
struct BrowserZone {
    id: String,
    /// `Intl.DateTimeFormat(…).format`, bound: `M/D/YYYY, HH:MM:SS` in the zone.
    format: Function,
}

impl BrowserZone {
    /// The zone named `id`; `None` for a name the browser does not know.
    fn new(id: &str) -> Option<Self> {
        let options = Object::new();
        let set = |key: &str, value: &str| Reflect::set(&options, &key.into(), &value.into());
        set("timeZone", id).ok()?;
        set("hourCycle", "h23").ok()?;
        for part in ["year", "month", "day", "hour", "minute", "second"] {
            set(part, "numeric").ok()?;
        }
        let array = js::global("Array").ok()?;
        let args = js::method(&array, "of")
            .ok()?
            .call2(&array, &"en-US".into(), &options)
            .ok()?;
        let format = intl_format(&args).ok()?;
        let format = js::get(&format, "format")
            .ok()?
            .dyn_into::<Function>()
            .ok()?;
        let zone = Self {
            id: id.to_owned(),
            format,
        };
        // A zone the browser refused would have thrown above; one that formats to
        // something unreadable is as unknown.
        zone.wall_seconds(0).map(|_| zone)
    }

    /// The wall-clock reading at `unix_seconds`, as seconds since the epoch read as UTC.
    fn wall_seconds(&self, unix_seconds: i64) -> Option<i64> {
        let text = self
            .format
            .call1(
                &JsValue::UNDEFINED,
                &JsValue::from_f64(unix_seconds as f64 * 1000.0),
            )
            .ok()?
            .as_string()?;
        let mut n = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<i64>().ok());
        let [month, day, year, hour, minute, second] = [(); 6].map(|_| n.next().flatten());
        let wall = datetime::UtcDateTime {
            year: i32::try_from(year?).ok()?,
            month: u8::try_from(month?).ok()?,
            day: u8::try_from(day?).ok()?,
            hour: u8::try_from(hour?).ok()?,
            minute: u8::try_from(minute?).ok()?,
            second: u8::try_from(second?).ok()?,
            fraction: String::new(),
        };
        Some(wall.unix_seconds())
    }
}

impl Zone for BrowserZone {
    fn offset_at(&self, unix_seconds: i64) -> i64 {
        self.wall_seconds(unix_seconds)
            .map_or(0, |wall| (wall - unix_seconds).div_euclid(60))
    }

    fn name(&self) -> String {
        zone_name(&self.id)
    }
}

/// `new Intl.DateTimeFormat(...args)`.
fn intl_format(args: &JsValue) -> Result<JsValue, JsValue> {
    let class = js::get(&js::global("Intl")?, "DateTimeFormat")?;
    let reflect = js::global("Reflect")?;
    js::method(&reflect, "construct")?.call2(&reflect, &class, args)
}

/// How a person names a zone: "Madrid time", "Buenos Aires time", "UTC".
pub fn zone_name(id: &str) -> String {
    if is_utc(id) {
        return "UTC".to_owned();
    }
    let place = id.rsplit('/').next().unwrap_or(id).replace('_', " ");
    format!("{place} time")
}

fn is_utc(id: &str) -> bool {
    matches!(
        id,
        "UTC" | "Etc/UTC" | "Etc/GMT" | "GMT" | "Etc/Universal" | "Etc/Zulu"
    )
}

/// The zone the browser runs in (`Intl`'s resolved `timeZone`), if it says. The first
/// `Intl.DateTimeFormat` of a page costs 60–160 ms with the CPU four times slower
/// (measured, BENCHMARKS.md): the app asks only once the page is drawn, and keeps it.
pub fn browser_zone() -> Option<String> {
    BROWSER_ID.with(|known| {
        known
            .borrow_mut()
            .get_or_insert_with(|| {
                // An object without `length` is an empty argument list.
                let format = intl_format(&Object::new()).ok()?;
                let options = js::method(&format, "resolvedOptions")
                    .ok()?
                    .call1(&format, &JsValue::UNDEFINED)
                    .ok()?;
                js::get(&options, "timeZone").ok()?.as_string()
            })
            .clone()
    })
}

/// The browser's name for its zone, if already read.
fn browser_zone_known() -> Option<String> {
    BROWSER_ID.with(|known| known.borrow().clone().flatten())
}

/// The browser's own zone, its offsets read from `Date` (no `Intl` needed: free).
struct LocalZone;

impl Zone for LocalZone {
    fn offset_at(&self, unix_seconds: i64) -> i64 {
        local_offset(unix_seconds).unwrap_or(0)
    }

    fn name(&self) -> String {
        browser_zone_known().map_or_else(|| BROWSERS_ZONE.to_owned(), |id| zone_name(&id))
    }
}

/// What the browser's zone is called before its name is read.
const BROWSERS_ZONE: &str = "this browser's time zone";

/// Minutes east of UTC in the browser's zone at `unix_seconds`.
fn local_offset(unix_seconds: i64) -> Option<i64> {
    let array = js::global("Array").ok()?;
    let args = js::method(&array, "of")
        .ok()?
        .call1(&array, &JsValue::from_f64(unix_seconds as f64 * 1000.0))
        .ok()?;
    let date = js::construct("Date", &args).ok()?;
    let minutes = js::method(&date, "getTimezoneOffset")
        .ok()?
        .call1(&date, &JsValue::UNDEFINED)
        .ok()?
        .as_f64()?;
    Some(-(minutes as i64))
}

/// The browser's zone: UTC where its offset is zero now and half a year on (a zone
/// without summer time at UTC reads the same as UTC), else read from `Date`.
fn local_zone() -> Rc<dyn Zone> {
    let now = (js_sys::Date::now() / 1000.0) as i64;
    if local_offset(now) == Some(0) && local_offset(now + 182 * 86_400) == Some(0) {
        Rc::new(Utc)
    } else {
        Rc::new(LocalZone)
    }
}

thread_local! {
    static ZONES: Cell<Option<TimeZones>> = const { Cell::new(None) };
    static BROWSER_ID: RefCell<Option<Option<String>>> = const { RefCell::new(None) };
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn zone(id: &str) -> Option<Rc<dyn Zone>> {
    if is_utc(id) {
        return Some(Rc::new(Utc));
    }
    BrowserZone::new(id).map(|z| Rc::new(z) as Rc<dyn Zone>)
}

/// The app's time zones: which one is shown, tracked by every view of a date-time, so a
/// new choice redraws them. (One for the app, kept beside the clock it sets rather than
/// as context: reading context costs the first download more code.)
#[derive(Clone, Copy)]
pub struct TimeZones {
    /// The zone chosen on this device (`None`: the browser's).
    chosen: RwSignal<Option<String>>,
    /// The zone the platform's values are in.
    wire: StoredValue<String>,
}

impl TimeZones {
    /// Sets the app's clock from the zone chosen on this device (a name the browser no
    /// longer knows is forgotten), else the browser's, and `server_zone` for the
    /// platform's values (an unknown name there is said on the console, and read as UTC).
    pub fn start(server_zone: Option<&str>) -> Self {
        let wire = server_zone.unwrap_or("UTC");
        let chosen = storage()
            .and_then(|s| s.get_item(CHOSEN_KEY).ok().flatten())
            .filter(|id| zone(id).is_some());
        let this = Self {
            chosen: RwSignal::new(None),
            wire: StoredValue::new(if zone(wire).is_some() {
                wire.to_owned()
            } else {
                leptos::logging::warn!("config.json: serverTimeZone “{wire}” is no time zone this browser knows; reading the platform's times as UTC");
                "UTC".to_owned()
            }),
        };
        this.apply(chosen);
        ZONES.with(|z| z.set(Some(this)));
        this
    }

    /// The app's zones, once started.
    pub fn get() -> Option<Self> {
        ZONES.with(Cell::get)
    }

    /// The zone chosen on this device, `None` for the browser's.
    pub fn chosen_untracked(&self) -> Option<String> {
        self.chosen.get_untracked()
    }

    /// Shows times in `id` (`None`: the browser's zone) from now on, on this device.
    pub fn choose(&self, id: Option<String>) {
        if let Some(store) = storage() {
            let _ = match &id {
                Some(id) => store.set_item(CHOSEN_KEY, id),
                None => store.remove_item(CHOSEN_KEY),
            };
        }
        self.apply(id);
    }

    fn apply(&self, id: Option<String>) {
        let shown = id.as_deref().and_then(zone).unwrap_or_else(local_zone);
        let wire = self
            .wire
            .with_value(|w| zone(w))
            .unwrap_or_else(|| Rc::new(Utc));
        datetime::set_clock(Clock { shown, wire });
        self.chosen.set(id);
    }

    /// The name the zone shown goes by, once known: the browser's own is read from
    /// `Intl` a frame after it is first asked for, and everything naming it redrawn.
    fn shown_name(&self) -> String {
        self.chosen.track();
        let shown = Rc::clone(&datetime::clock().shown);
        let name = shown.name();
        if name == BROWSERS_ZONE {
            let chosen = self.chosen;
            crate::components::after_next_frame(move || {
                if browser_zone_known().is_none() && browser_zone().is_some() {
                    chosen.update(|_| {});
                }
            });
        }
        name
    }
}

/// Makes the calling view redraw when the zone changes.
pub fn track() {
    if let Some(zones) = TimeZones::get() {
        zones.chosen.track();
    }
}

/// "Madrid time": the zone shown (tracked).
pub fn shown_name() -> String {
    TimeZones::get().map_or_else(|| "UTC".to_owned(), |z| z.shown_name())
}

/// "Madrid time, UTC+1": the zone shown, with its offset now.
pub fn shown_label() -> String {
    let name = shown_name();
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let offset =
        datetime::UtcDateTime::from_unix_seconds(now).map_or(0, |t| datetime::shown_wall(&t).1);
    if name == "UTC" && offset == 0 {
        return name;
    }
    format!("{name}, {}", offset_label(offset))
}
