//! `cargo xtask dist`: wasm, bundles, and the Chrome and Firefox packages from one source tree.

use crate::tools::{self, root, run, Result};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What `dist` produced, for the size report and the tests.
pub struct Artefacts {
    pub wasm: PathBuf,
    pub zips: Vec<PathBuf>,
}

pub fn version() -> Result<String> {
    let toml = fs::read_to_string(root().join("Cargo.toml")).map_err(|e| e.to_string())?;
    toml.lines()
        .find_map(|l| l.strip_prefix("version = \"").map(|v| v.trim_end_matches('"').to_string()))
        .ok_or_else(|| "no version in Cargo.toml".into())
}

pub fn dist() -> Result<Artefacts> {
    let root = root();
    tools::ensure_wasm_target()?;
    let wasm_bindgen = tools::ensure_wasm_bindgen()?;
    tools::ensure_npm()?;

    run(tools::cargo().args(["build", "--lib", "--release", "--target", "wasm32-unknown-unknown", "-p", "overture"]))?;
    let pkg = root.join("target/wasm-pkg");
    run(Command::new(&wasm_bindgen)
        .args(["--target", "web", "--out-dir"])
        .arg(&pkg)
        .arg(root.join("target/wasm32-unknown-unknown/release/overture.wasm")))?;
    let wasm = pkg.join("overture_bg.opt.wasm");
    // `-ocimfs 200`: a function with one caller is inlined into it only when small. With the
    // default (any size), the whole analysis was merged into one 57 KB function that V8
    // compiles lazily and optimises worse: measured in Node, interleaved, a 2 KB email took
    // 72 µs instead of 60 (p10), the first analysis of a fresh worker 17 ms instead of 11,
    // and the gzip is 250 B smaller without it.
    // `--low-memory-unused`: the optimiser may fold constant offsets into loads and stores
    // knowing that no address below 1 KB is used. True of this module: its stack grows down
    // from 1 MB and its data starts above it, so the lowest 1 KB is reached only by a stack
    // already 1,023 KB deep, one step from overflowing. 2 KB raw and about 360 B gzip.
    run(tools::npm_bin("wasm-opt")
        .args(["-O3", "-ocimfs", "200", "--low-memory-unused", "--strip-debug", "--strip-producers"])
        .args([
            "--enable-simd",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
        ])
        .arg(pkg.join("overture_bg.wasm"))
        .arg("-o")
        .arg(&wasm))?;

    generate_facts()?;
    run(tools::npm_bin("tsc").args(["--noEmit", "-p", "tsconfig.json"]))?;
    let out = root.join("dist");
    let _ = fs::remove_dir_all(&out);
    let bundles = out.join("bundles");
    for (entry, name) in [
        ("extension/src/background.ts", "background.js"),
        ("extension/src/content/main.ts", "content.js"),
        ("extension/src/popup.ts", "popup.js"),
        ("extension/src/options.ts", "options.js"),
        ("www/src/playground.ts", "playground.js"),
    ] {
        run(tools::npm_bin("esbuild").args([
            entry,
            "--bundle",
            "--format=iife",
            "--target=chrome123,firefox140",
            "--legal-comments=none",
            "--log-override:empty-import-meta=silent",
            "--log-level=warning",
            &format!("--outfile={}", bundles.join(name).display()),
        ]))?;
    }

    // The rule guide's data, for the playground (on the web and inside the extension).
    let rules =
        tools::output(tools::cargo().args(["run", "--quiet", "--release", "-p", "overture", "--", "rules", "--json"]))
            .ok_or("`overture rules --json` failed")?;
    fs::write(bundles.join("rules.json"), rules).map_err(|e| e.to_string())?;

    let version = version()?;
    let mut zips = Vec::new();
    for browser in ["chrome", "firefox"] {
        let dir = out.join(browser);
        fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        fs::write(dir.join("manifest.json"), manifest(browser, &version)?).map_err(|e| e.to_string())?;
        copy_dir(&root.join("extension/static"), &dir)?;
        copy_dir(&root.join("extension/_locales"), &dir.join("_locales"))?;
        copy_dir(&root.join("extension/icons"), &dir.join("icons"))?;
        for js in ["background.js", "content.js", "popup.js", "options.js"] {
            copy(&bundles.join(js), &dir.join(js))?;
        }
        copy(&wasm, &dir.join("overture_bg.wasm"))?;
        // The playground ships inside the extension too, so the popup's link works offline.
        copy(&root.join("www/static/index.html"), &dir.join("playground.html"))?;
        copy(&root.join("www/static/playground.css"), &dir.join("playground.css"))?;
        for f in ["playground.js", "rules.json"] {
            copy(&bundles.join(f), &dir.join(f))?;
        }
        let zip = out.join(format!("overture-{browser}-{version}.zip"));
        zip_dir(&dir, &zip)?;
        zips.push(zip);
    }

    // The playground: its page, the shared overlay bundle, the wasm, and the rule guide data.
    let www = out.join("www");
    copy_dir(&root.join("www/static"), &www)?;
    copy(&bundles.join("playground.js"), &www.join("playground.js"))?;
    copy(&wasm, &www.join("overture_bg.wasm"))?;
    copy_dir(&root.join("extension/icons"), &www.join("icons"))?;
    copy(&bundles.join("rules.json"), &www.join("rules.json"))?;
    let _ = fs::remove_dir_all(&bundles);

    println!("\nArtefacts (raw / gzip):");
    for p in std::iter::once(&wasm).chain(&zips) {
        let bytes = fs::read(p).map_err(|e| e.to_string())?;
        println!(
            "  {:<44} {:>8} B  {:>8} B",
            p.strip_prefix(&root).unwrap_or(p).display(),
            bytes.len(),
            gzip_len(&bytes)
        );
    }
    println!("  dist/chrome, dist/firefox: load unpacked; dist/www: the playground");
    Ok(Artefacts { wasm, zips })
}

/// The crate's shared facts for TypeScript and for plain JavaScript (src/facts.rs).
pub fn generate_facts() -> Result {
    let dir = root().join("target/generated");
    fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    fs::write(dir.join("facts.ts"), overture::facts::typescript()).map_err(|e| e.to_string())?;
    fs::write(dir.join("facts.json"), overture::facts::json()).map_err(|e| e.to_string())
}

/// One manifest template, two outputs.
fn manifest(browser: &str, version: &str) -> Result<String> {
    // Content-script hosts: the supported mail and LinkedIn origins (src/facts.rs), nothing else.
    let hosts = overture::facts::match_patterns().iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ");
    let background = match browser {
        "chrome" => r#""background": { "service_worker": "background.js" },
  "minimum_chrome_version": "123","#
            .to_string(),
        _ => r#""background": { "scripts": ["background.js"] },
  "browser_specific_settings": {
    "gecko": {
      "id": "overture@coach",
      "strict_min_version": "140.0",
      "data_collection_permissions": { "required": ["none"] }
    },
    "gecko_android": { "strict_min_version": "142.0" }
  },"#
        .to_string(),
    };
    let template = fs::read_to_string(root().join("extension/manifest.template.json")).map_err(|e| e.to_string())?;
    Ok(template
        .replace("\"{{VERSION}}\"", &format!("\"{version}\""))
        .replace("\"{{HOSTS}}\"", &hosts)
        .replace("\"{{BACKGROUND}}\": null,", &background))
}

fn copy(from: &Path, to: &Path) -> Result {
    if let Some(p) = to.parent() {
        fs::create_dir_all(p).map_err(|e| e.to_string())?;
    }
    fs::copy(from, to).map(|_| ()).map_err(|e| format!("copy {}: {e}", from.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    for entry in fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            copy(&entry.path(), &target)?;
        }
    }
    Ok(())
}

fn files(dir: &Path, base: &Path, out: &mut Vec<PathBuf>) -> Result {
    let mut entries: Vec<_> = fs::read_dir(dir).map_err(|e| e.to_string())?.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        if e.path().is_dir() {
            files(&e.path(), base, out)?;
        } else {
            out.push(e.path().strip_prefix(base).unwrap().to_path_buf());
        }
    }
    Ok(())
}

/// A deterministic zip (sorted entries, fixed timestamps), so sizes are reproducible.
fn zip_dir(dir: &Path, dest: &Path) -> Result {
    use zip::write::SimpleFileOptions;
    let mut list = Vec::new();
    files(dir, dir, &mut list)?;
    let file = fs::File::create(dest).map_err(|e| e.to_string())?;
    let mut z = zip::ZipWriter::new(file);
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(zip::DateTime::default());
    for rel in list {
        let name = rel.to_string_lossy().replace('\\', "/");
        z.start_file(name, opts).map_err(|e| e.to_string())?;
        z.write_all(&fs::read(dir.join(&rel)).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    }
    z.finish().map_err(|e| e.to_string())?;
    Ok(())
}

pub fn gzip_len(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("in-memory write");
    enc.finish().expect("in-memory write").len()
}
