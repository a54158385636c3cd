// swift-tools-version:6.1
import PackageDescription

// Data flow, top to bottom: C shims -> DICOM -> Anonymity -> Store -> Repository -> executables.
// Each module imports only those above it.
let package = Package(
    name: "aida",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "aida", targets: ["aida"]),
        .library(name: "DICOM", targets: ["DICOM"]),
        .library(name: "Anonymity", targets: ["Anonymity"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Repository", targets: ["Repository"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGit2", pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CDeflate", pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"])]),
        // syncfs(2), which Swift's Glibc module does not export.
        .systemLibrary(name: "CSystem"),
        // Pure Swift DICOM: zlib (Deflated transfer syntax) is its only dependency,
        // so it can be fuzzed alone.
        .target(
            name: "DICOM",
            dependencies: ["CZlib"],
            exclude: ["Dictionary/generate.py"]),
        // The anonymity rules: profile, PS3.15 Table E.1-1, checks. zlib for the
        // headers of .nii.gz files (GzipPrefix, the only file that imports it).
        .target(
            name: "Anonymity",
            dependencies: [
                "DICOM", "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                // The verdict cache; GRDB links the system libsqlite3.
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Rules/generate.py", "Rules/vocabulary.py", "Anonymizer/generate_iod.py"]),
        .target(
            name: "Store",
            dependencies: [
                "CZlib", "CDeflate", "CSystem",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(
            name: "Repository",
            dependencies: [
                "CGit2", "Store",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .executableTarget(
            name: "aida",
            dependencies: [
                "Anonymity", "DICOM", "Repository", "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "DICOMTests", dependencies: ["DICOM"],
            exclude: ["make_charset_vectors.py", "roundtrip_check.py", "Regressions"]),
        .testTarget(
            name: "AnonymityTests", dependencies: ["Anonymity", "DICOM"],
            // make_other_files.py: NIfTI and TIFF files written by nibabel and tifffile.
            exclude: ["OtherFiles"]),
        .testTarget(name: "StoreTests", dependencies: ["Store"]),
        .testTarget(name: "RepositoryTests", dependencies: ["Repository", "Store"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Store"], exclude: ["DICOMOracle"]),
    ]
)
