//! The split release build (issue #12): with the `split` feature, a release build for the
//! browser turns the lazy routes on (`cfg(split_routes)`, components/app.rs) and keeps the
//! linker's relocations, which scripts/split-wasm needs to cut the wasm into chunks. Debug
//! builds (`trunk serve`), component tests and native builds stay one plain wasm or binary.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(split_routes)");
    println!("cargo::rerun-if-changed=build.rs");
    let split = std::env::var_os("CARGO_FEATURE_SPLIT").is_some();
    let release = std::env::var("PROFILE").as_deref() == Ok("release");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32");
    if split && release && wasm {
        println!("cargo::rustc-cfg=split_routes");
        println!("cargo::rustc-link-arg-bins=--emit-relocs");
    }
}
