//! The bundle's files: content-hashed names (a tab of an older build never fetches a
//! newer build's file), integrity hashes, and each hashed file precompressed once at the
//! highest quality for nginx's brotli_static and gzip_static (deploy/nginx).

use std::io::Write;
use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha256, Sha384};

use crate::error::Cause;

/// `{stem}-{16 hex digits of the content's SHA-256}{suffix}`.
pub fn hashed_name(stem: &str, suffix: &str, contents: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for c in contents {
        hasher.update(c);
    }
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{stem}-{hex}{suffix}")
}

/// The Subresource Integrity value of `bytes`.
pub fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// Writes `name`, and `name.br` and `name.gz` when `compress`.
pub fn write(dist: &Path, name: &str, bytes: &[u8], compress: bool) -> Result<(), Cause> {
    let path = dist.join(name);
    std::fs::write(&path, bytes).map_err(Cause::io(&path))?;
    if compress {
        let br = dist.join(format!("{name}.br"));
        std::fs::write(&br, brotli(bytes)).map_err(Cause::io(&br))?;
        let gz = dist.join(format!("{name}.gz"));
        std::fs::write(&gz, gzip(bytes).map_err(Cause::io(&gz))?).map_err(Cause::io(&gz))?;
    }
    Ok(())
}

pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        size_hint: bytes.len(),
        ..Default::default()
    };
    // Writing to memory cannot fail.
    let _ = brotli::BrotliCompress(&mut &bytes[..], &mut out, &params);
    out
}

fn gzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    encoder.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_content_and_integrity_is_sri() {
        let a = hashed_name("main", ".css", &[b"a{}"]);
        assert!(a.starts_with("main-") && a.ends_with(".css") && a.len() == "main-".len() + 16 + 4);
        assert_ne!(a, hashed_name("main", ".css", &[b"b{}"]));
        // echo -n "" | openssl dgst -sha384 -binary | base64
        assert_eq!(
            integrity(b""),
            "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"
        );
    }

    #[test]
    fn precompressed_files_decompress_to_the_original() {
        let text = b"the same text, the same text, the same text".repeat(20);
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &brotli(&text)[..], &mut back).expect("valid brotli");
        assert_eq!(back, text);
        let gz = gzip(&text).expect("in memory");
        let mut back = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back)
            .expect("valid gzip");
        assert_eq!(back, text);
    }
}
