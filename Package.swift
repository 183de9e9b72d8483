// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
  .enableUpcomingFeature("MemberImportVisibility"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
  name: "buurt",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "buurt", targets: ["buurt"]),
    .library(name: "GeoCore", targets: ["GeoCore"]),
    .library(name: "GeoFormats", targets: ["GeoFormats"]),
    .library(name: "GeoProjection", targets: ["GeoProjection"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
  ],
  targets: [
    .target(name: "GeoCore", swiftSettings: strict),
    .systemLibrary(
      name: "CProj", pkgConfig: "proj",
      providers: [.apt(["libproj-dev"])]),
    .systemLibrary(
      name: "CGEOS", pkgConfig: "geos",
      providers: [.apt(["libgeos-dev"])]),
    .systemLibrary(
      name: "CZlib", pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]),
    .target(name: "GeoProjection", dependencies: ["GeoCore", "CProj"], swiftSettings: strict),
    .target(name: "GeoFormats", dependencies: ["GeoCore", "CZlib"], swiftSettings: strict),
    .target(name: "GeoOverlay", dependencies: ["GeoCore", "CGEOS"], swiftSettings: strict),
    .target(name: "Grouping", dependencies: ["GeoCore", "GeoOverlay"], swiftSettings: strict),
    .target(name: "Addressing", dependencies: ["GeoCore"], swiftSettings: strict),
    .target(
      name: "BuurtStore",
      dependencies: ["GeoCore", "GeoFormats", .product(name: "GRDB", package: "GRDB.swift")],
      swiftSettings: strict),
    .target(
      name: "BuurtApp",
      dependencies: [
        "GeoCore", "GeoFormats", "GeoProjection", "GeoOverlay", "Grouping", "Addressing", "BuurtStore",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
      ],
      swiftSettings: strict),
    .target(
      name: "BuurtCLI",
      dependencies: [
        "GeoCore", "GeoFormats", "GeoProjection", "GeoOverlay", "Grouping", "Addressing", "BuurtStore", "BuurtApp", "BuurtServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict),
    .target(
      name: "BuurtServer",
      dependencies: [
        "GeoCore", "GeoFormats", "GeoProjection", "Grouping", "Addressing", "BuurtStore", "BuurtApp",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Metrics", package: "swift-metrics"),
        .product(name: "MultipartKit", package: "multipart-kit"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "Mustache", package: "swift-mustache"),
      ],
      resources: [.copy("openapi.json"), .copy("Pages/templates"), .copy("Pages/static")],
      swiftSettings: strict),
    .executableTarget(
      name: "buurt",
      dependencies: ["BuurtCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
      swiftSettings: strict),
    .executableTarget(name: "buurt-sample-town", path: "tools/sample-town"),
    .executableTarget(
      name: "buurt-bench",
      dependencies: ["GeoCore", "GeoFormats", "GeoProjection", "Grouping", "Addressing", "BuurtApp", "BuurtCLI"],
      path: "tools/bench-swift", swiftSettings: strict),
    // What several test targets share (fixtures on real filesystems, …); not a product.
    .target(name: "TestSupport", path: "Tests/TestSupport"),
    .testTarget(name: "GeoCoreTests", dependencies: ["GeoCore", "TestSupport"]),
    .testTarget(name: "AddressingTests", dependencies: ["Addressing", "GeoCore"]),
    .testTarget(name: "GroupingTests", dependencies: ["Grouping", "GeoCore", "GeoOverlay"]),
    .testTarget(name: "GeoOverlayTests", dependencies: ["GeoOverlay", "GeoCore"]),
    .testTarget(
      name: "BuurtStoreTests",
      dependencies: ["BuurtStore", "GeoCore", "GeoFormats", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
    .testTarget(
      name: "BuurtServerTests",
      dependencies: [
        "BuurtServer", "BuurtStore", "BuurtApp", "GeoCore", "GeoFormats", "TestSupport",
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
      ]),
    .testTarget(name: "BuurtAppTests", dependencies: ["BuurtApp", "BuurtStore", "Addressing", "GeoCore", "GeoFormats", "TestSupport"]),
    .testTarget(name: "GeoFormatsTests", dependencies: ["GeoFormats", "GeoCore", "TestSupport"]),
    .testTarget(name: "GeoProjectionTests", dependencies: ["GeoProjection", "GeoFormats", "GeoCore", "TestSupport"]),
    .testTarget(
      name: "BuurtCLITests",
      dependencies: ["buurt", "buurt-sample-town", "BuurtCLI", "GeoFormats", "GeoCore", "GeoProjection", "TestSupport"]),
  ]
)
