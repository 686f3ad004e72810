//! `dev-api [FLAGS]`: see `--help` and dev-api/README.md.

use std::process::ExitCode;

use dev_api::{Config, Parsed, USAGE};

fn main() -> ExitCode {
    let config = match Config::parse(std::env::args().skip(1), |k| std::env::var(k).ok()) {
        Ok(Parsed::Run(config)) => config,
        Ok(Parsed::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("dev-api: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Some(dir) = &config.static_dir {
        if !dir.join("index.html").is_file() {
            eprintln!(
                "dev-api: --static {}: no index.html there (build the app first: trunk build --release)",
                dir.display()
            );
            return ExitCode::from(2);
        }
    }
    let listener = match dev_api::bind(&config) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("dev-api: cannot listen on 127.0.0.1:{}: {e}", config.port);
            return ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("dev-api: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let addr = listener.local_addr()?;
        println!("{}", dev_api::banner(&config, addr));
        dev_api::serve(listener, config).await
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dev-api: {e}");
            ExitCode::FAILURE
        }
    }
}
