//! A small static file server for `cargo xtask run`: the playground at `/` and `dist/` at
//! `/dist/`, on loopback only.

use crate::tools::{root, Result};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

pub fn serve(addr: &str) -> Result {
    let listener = TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    println!(
        "\nOverture playground: http://{addr}/   (packages under http://{addr}/dist/)\n\n\
         Load the extension:\n  \
         Chrome:  chrome://extensions → Developer mode → Load unpacked → {chrome}\n  \
         Firefox: about:debugging → This Firefox → Load Temporary Add-on… → {firefox}\n\n\
         Ctrl+C stops the server.",
        chrome = root().join("dist/chrome").display(),
        firefox = root().join("dist/firefox/manifest.json").display(),
    );
    for stream in listener.incoming().flatten() {
        std::thread::spawn(move || {
            let _ = handle(stream);
        });
    }
    Ok(())
}

fn handle(mut stream: TcpStream) -> std::io::Result<()> {
    let mut line = String::new();
    BufReader::new(&stream).read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").split(['?', '#']).next().unwrap_or("/").to_string();
    let (status, body, kind) = match resolve(&path) {
        Some(file) => match std::fs::read(&file) {
            Ok(b) => ("200 OK", b, content_type(&file)),
            Err(_) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
        },
        None => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    write!(stream, "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n", body.len())?;
    stream.write_all(&body)
}

/// Maps a URL path to a file under dist/www or dist/, refusing anything that climbs out.
fn resolve(url: &str) -> Option<PathBuf> {
    let rel = Path::new(url.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let dist = root().join("dist");
    let mut file = match rel.strip_prefix("dist") {
        Ok(r) => dist.join(r),
        Err(_) => dist.join("www").join(rel),
    };
    if file.is_dir() {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn content_type(p: &Path) -> &'static str {
    match p.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "css" => "text/css",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}
