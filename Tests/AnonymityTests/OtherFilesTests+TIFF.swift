import DICOM
import Foundation
import Testing

@testable import Anonymity

/// TIFF, BigTIFF and whole-slide conventions built byte by byte; hostile structures.
extension OtherFilesTests {
    /// Text in every place the check reads: ASCII tags (standard and private), XMP,
    /// the Exif IFD's user comment, a UTF-16 XP tag; a second IFD in the chain.
    static func textTIFF(bigEndian: Bool, big: Bool) -> [UInt8] {
        let utf16: [UInt8] =
            Self.email.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] } + [0, 0]
        var tiff = TIFFBytes(
            bigEndian: bigEndian, big: big,
            [
                [
                    (256, .long(8)), (270, .ascii("Remiss \(Self.personnummer)")), (285, .ascii("ring \(Self.phone)")),
                    (305, .ascii("tifffile")), (315, .ascii(Self.email)),
                    (700, .bytes(1, Array("<x:xmpmeta>\(Self.email)</x:xmpmeta>".utf8))), (34665, .ifds([2])),
                    (40093, .bytes(1, utf16)), (65000, .ascii("id \(Self.personnummer)")),
                ],
                [(270, .ascii("Pat \(Self.personnummer)"))],
                [(37510, .bytes(7, Array("ASCII\0\0\0ring \(Self.phone)".utf8)))],
            ])
        tiff.chain = [0, 1]
        return tiff.build()
    }

    static let textTIFFFindings: Set<String> = [
        "IFD 0 tag 270 (ImageDescription) personnummer", "IFD 0 tag 285 (PageName) phone",
        "IFD 0 tag 315 (Artist) email", "IFD 0 tag 700 (XMP) email", "IFD 0 tag 40093 (XPAuthor) email",
        "IFD 0 tag 65000 personnummer", "IFD 0 Exif tag 37510 (UserComment) phone",
        "IFD 1 tag 270 (ImageDescription) personnummer",
    ]

    @Test("classic TIFF and BigTIFF, both byte orders: every text tag of every IFD and sub-IFD")
    func tiffText() throws {
        for big in [false, true] {
            for bigEndian in [false, true] {
                let findings = try Self.check(Self.textTIFF(bigEndian: bigEndian, big: big), named: "x.tif")
                #expect(Self.summary(findings) == Self.textTIFFFindings, "big \(big) big-endian \(bigEndian)")
                #expect(!findings.contains { $0.value.contains("2388") }, "values are masked")
            }
        }
        let clean = TIFFBytes([[(256, .long(8)), (270, .ascii("a plain image")), (305, .ascii("tifffile"))]])
        #expect(try Self.check(clean.build(), named: "x.tif").isEmpty)
    }

    @Test("Aperio SVS: the label and macro IFDs are refused; the thumbnail and levels are not")
    func aperioLabelAndMacro() throws {
        let head = "Aperio Image Library v10.0.50\r\n"
        let svs = TIFFBytes([
            [
                (322, .long(240)),
                (270, .ascii(head + "46000x32914 [0,100 46000x32814] (240x240) JPEG/RGB Q=30|AppMag = 20")),
            ],
            [(270, .ascii(head + "46000x32914 -> 1024x732 - |AppMag = 20"))],
            [(322, .long(240)), (270, .ascii(head + "11500x8228 (240x240) -> 2875x2057 JPEG/RGB Q=30"))],
            [(270, .ascii(head + "label 387x463"))], [(270, .ascii(head + "macro 1280x431"))],
        ])
        #expect(
            Self.summary(try Self.check(svs.build(), named: "slide.svs")) == [
                "IFD 3 tag 270 (ImageDescription) wsi-label-image", "IFD 4 tag 270 (ImageDescription) wsi-macro-image",
            ])
        let barcode = TIFFBytes([[(270, .ascii(head + "46000x32914|AppMag = 20|Barcode = S12-3456|MPP = 0.25"))]])
        #expect(
            Self.summary(try Self.check(barcode.build(), named: "slide.svs")) == [
                "IFD 0 tag 270 (ImageDescription) wsi-label-text"
            ])
        let words = TIFFBytes([[(270, .ascii("Labelled tissue\nmacrophages"))], [(270, .ascii("Label_Image"))]])
        #expect(
            Self.summary(try Self.check(words.build(), named: "x.tif")) == [
                "IFD 1 tag 270 (ImageDescription) wsi-label-image"
            ])
    }

    @Test("Hamamatsu NDPI: 8-byte next-IFD offsets, the macro by source lens -1, the slide label's text")
    func ndpi() throws {
        let ndpi = TIFFBytes(
            ndpi: true,
            [
                [(65420, .long(1)), (65421, .float(20)), (271, .ascii("Hamamatsu"))],
                [(65420, .long(1)), (65421, .float(5))],
                [(65420, .long(1)), (65421, .float(-1))],
                [(65420, .long(1)), (65421, .float(-2)), (65427, .ascii("S12-3456"))],
            ])
        #expect(
            Self.summary(try Self.check(ndpi.build(), named: "slide.ndpi")) == [
                "IFD 2 tag 65421 (NDPI SourceLens) wsi-macro-image",
                "IFD 3 tag 65421 (NDPI SourceLens) wsi-macro-image",
                "IFD 3 wsi-label-text",
            ])
    }

    @Test("Philips, Leica SCN, Ventana and OME-XML conventions for label and macro images")
    func otherSlideVendors() throws {
        let philips = """
            <?xml version="1.0"?><DataObject ObjectType="DPUfsImport"><Attribute Name="PIM_DP_SCANNED_IMAGES"><Array>\
            <DataObject><Attribute Name="PIM_DP_IMAGE_TYPE">WSI</Attribute></DataObject>\
            <DataObject><Attribute Name="PIM_DP_IMAGE_TYPE">LABELIMAGE</Attribute><Attribute Name="PIM_DP_IMAGE_DATA">/9j/</Attribute></DataObject>\
            <DataObject><Attribute Name="PIM_DP_IMAGE_TYPE">MACROIMAGE</Attribute><Attribute Name="PIM_DP_IMAGE_DATA">/9j/</Attribute></DataObject>\
            </Array></Attribute></DataObject>
            """
        let leica = """
            <?xml version="1.0"?><scn xmlns="http://www.leica-microsystems.com/scn/2010/10/01">\
            <collection name="s" sizeX="76000000" sizeY="25000000"><barcode>S12-3456</barcode>\
            <image name="main"><pixels sizeX="4000" sizeY="3000"><dimension sizeX="4000" sizeY="3000" ifd="0"/></pixels>\
            <view sizeX="8000000" sizeY="6000000" offsetX="30000000" offsetY="9000000"/></image>\
            <image name="overview"><pixels sizeX="1600" sizeY="530"><dimension sizeX="1600" sizeY="530" ifd="1"/></pixels>\
            <view sizeX="76000000" sizeY="25000000" offsetX="0" offsetY="0"/></image></collection></scn>
            """
        let ome =
            #"<OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06"><Image ID="Image:0" Name="tissue"/><Image ID="Image:1" Name="macro image"/></OME>"#
        let tiff = TIFFBytes([
            [(270, .ascii(philips)), (305, .ascii("Philips DP v1.0"))], [(270, .ascii(leica))],
            [(270, .ascii("Label Image"))],
            [(270, .ascii(ome))],
        ])
        #expect(
            Self.summary(try Self.check(tiff.build(), named: "slide.tiff")) == [
                "IFD 0 tag 270 (ImageDescription) wsi-label-image", "IFD 0 tag 270 (ImageDescription) wsi-macro-image",
                "IFD 1 tag 270 (ImageDescription) wsi-macro-image", "IFD 1 tag 270 (ImageDescription) wsi-label-text",
                "IFD 2 tag 270 (ImageDescription) wsi-label-image", "IFD 3 tag 270 (ImageDescription) wsi-macro-image",
            ])
    }

    @Test("hostile TIFF: loops, offsets past the end, huge counts, truncation at every length")
    func tiffHostile() throws {
        // IFD 1's next offset back to IFD 0, and an Exif IFD pointing at itself.
        var loop = TIFFBytes([
            [(270, .ascii("one")), (34665, .ifds([2]))], [(270, .ascii("two"))], [(34665, .ifds([2]))],
        ])
        loop.chain = [0, 1, 0]
        let looping = try Self.check(loop.build(), named: "x.tif")
        #expect(looping.map(\.rule) == ["unreadable"] && looping.first?.message.contains("loops") == true, "\(looping)")
        let selfLoop = TIFFBytes([[(270, .ascii("one"))]]).build()
        var selfLooping = selfLoop
        selfLooping.replaceSubrange((selfLoop.count - 4)..<selfLoop.count, with: [8, 0, 0, 0])
        #expect(try Self.check(selfLooping, named: "x.tif").contains { $0.message.contains("loops") })
        let hostile: [(String, TIFFBytes.Value)] = [
            ("more than aida reads", .raw(type: 2, count: 0xFFFF_FFFF, field: 8)),
            ("past the end", .raw(type: 2, count: 100, field: 0x7FFF_FFF0)),
        ]
        for (message, value) in hostile {
            let findings = try Self.check(TIFFBytes([[(270, value)]]).build(), named: "x.tif")
            #expect(findings.map(\.path) == ["IFD 0 tag 270 (ImageDescription)"], "\(findings)")
            #expect(findings.first?.message.contains(message) == true, "\(findings)")
        }
        // Sub-IFD pointers that cannot be read, or lead out of the file, are findings too.
        for (field, path) in [(UInt64(0x7FFF_FFF0), "IFD 0 tag 330 (SubIFDs)"), (8 + 18, "IFD 0 SubIFD 1")] {
            let findings = try Self.check(
                TIFFBytes([[(330, .raw(type: 4, count: 2, field: field))]]).build() + [
                    0, 0, 0, 0, 0xF0, 0xFF, 0xFF, 0x7F,
                ],
                named: "x.tif")
            #expect(findings.map(\.rule) == ["unreadable"] && findings.map(\.path) == [path], "\(findings)")
        }
        var huge = TIFFBytes(big: true, [[(270, .ascii("x"))]]).build()
        huge.replaceSubrange(16..<24, with: OtherFileBytes.put(1 << 40, 8, bigEndian: false))
        #expect(try Self.check(huge, named: "x.tif").first?.message.contains("claims") == true)
        var far = TIFFBytes([[(270, .ascii("x"))]]).build()
        far.replaceSubrange(4..<8, with: [0xF0, 0xFF, 0xFF, 0x7F])
        #expect(try Self.check(far, named: "x.tif").first?.message.contains("not inside the file") == true)
        // Every truncation of a file with text in two IFDs and a sub-IFD: no crash, and a
        // file cut inside its structure is never passed as if complete.
        let full = Self.textTIFF(bigEndian: false, big: false)
        for length in 0..<full.count {
            let findings = try Self.check(Array(full[..<length]), named: "x.tif")
            #expect(!findings.isEmpty, "\(length)")
        }
    }

    @Test("hostile TIFF: random byte changes never crash; an endless IFD chain is cut at the IFD limit")
    func tiffFuzzAndLimits() throws {
        let original = Self.textTIFF(bigEndian: false, big: true)
        let path = try Self.write(original, named: "x.tif")
        var seed: UInt64 = 7
        for _ in 0..<1500 {
            var bytes = original
            for _ in 0..<3 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes[Int(seed >> 33) % bytes.count] = UInt8(truncatingIfNeeded: seed >> 13)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            _ = TIFFCheck().check(path: path, file: "x.tif")
        }
        // 70,000 empty IFDs chained: refused at 65,536 rather than walked forever.
        var chain: [UInt8] = [0x49, 0x49, 0x2A, 0, 8, 0, 0, 0]
        for index in 0..<70_000 {
            chain += [0, 0] + OtherFileBytes.put(UInt64(8 + 6 * (index + 1)), 4, bigEndian: false)
        }
        let findings = try Self.check(chain, named: "x.tif")
        #expect(findings.map(\.rule) == ["unreadable"] && findings.first?.message.contains("65536 IFDs") == true)
    }

    @Test("a DICOM file whose preamble is a TIFF header (dual personality): both sides are checked")
    func dualPersonality() throws {
        var dataSet = DataSet(elements: [])
        dataSet.set(
            Element(tag: DICOM.Tag(0x0008_0016), vr: .UI, bytes: Array("1.2.840.10008.5.1.4.1.1.77.1.6\0".utf8)))
        dataSet.set(Element(tag: DICOM.Tag(0x0008_0018), vr: .UI, bytes: Array("2.25.1234".utf8) + [0]))
        var file = try DICOMFile(bytes: try DICOMWriter().write(dataSet))
        // The preamble: a TIFF header, one IFD, its description, all within 128 bytes.
        let tiff = TIFFBytes([[(270, .ascii("Pat \(Self.personnummer)"))]]).build()
        file.preamble = tiff + [UInt8](repeating: 0, count: 128 - tiff.count)
        let findings = try Self.check(try DICOMWriter().write(file), named: "slide.dcm")
        #expect(Self.summary(findings).contains("IFD 0 tag 270 (ImageDescription) personnummer"), "\(findings)")
        #expect(findings.contains { $0.rule == "deidentification-flag" }, "the DICOM side is checked as well")
    }
}

extension OtherFilesTests {
    @Test("a TIFF header with no image (first IFD at 0, or only empty directories) is refused, not passed")
    func tiffWithoutImage() throws {
        // The gate's mutation soak found it: a DICOM file shifted under a preamble that
        // starts "II*\0" with zeros after it passed as an empty TIFF.
        var zero = [UInt8](repeating: 0, count: 200)
        zero.replaceSubrange(0..<4, with: [0x49, 0x49, 0x2A, 0x00])
        #expect(try Self.check(zero, named: "x.dcm").map(\.rule) == ["unreadable"])
        var empty = zero
        empty.replaceSubrange(4..<8, with: [8, 0, 0, 0])  // IFD 0 at 8: zero entries, no next
        #expect(try Self.check(empty, named: "x.tif").map(\.rule) == ["unreadable"])
    }
}
