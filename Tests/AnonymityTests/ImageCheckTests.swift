import DICOM
import Testing

@testable import Anonymity

@Suite("Image rules")
struct ImageCheckTests {
    static func us(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }

    static func image(pixels: [UInt16], extra: [Element] = []) -> DataSet {
        var elements = [
            Element(tag: .rows, vr: .US, bytes: us(64)), Element(tag: .columns, vr: .US, bytes: us(64)),
            Element(tag: .bitsAllocated, vr: .US, bytes: us(16)),
            Element(tag: .pixelData, vr: .OW, bytes: pixels.flatMap(us)),
        ]
        elements += extra
        return DataSet(elements: elements)
    }

    static func text(_ tag: DICOM.Tag, _ vr: VR, _ value: String) -> Element {
        var bytes = Array(value.utf8)
        if bytes.count % 2 == 1 { bytes.append(0x20) }
        return Element(tag: tag, vr: vr, bytes: bytes)
    }

    static func rules(_ dataSet: DataSet) -> [String] {
        ImageCheck(profile: .default).check(dataSet, file: "f").map(\.rule)
    }

    @Test func aPictureOfTextIsRefusedFromItsPixels() {
        // 97% background, a few "letters": uniform; a noisy image: not.
        let text = (0..<4096).map { $0 % 37 == 0 ? UInt16(900) : 0 }
        #expect(Self.rules(Self.image(pixels: text)) == ["uniform-image"])
        var seed: UInt32 = 7
        let noise = (0..<4096).map { _ -> UInt16 in
            seed = seed &* 1_103_515_245 &+ 12345
            return UInt16(truncatingIfNeeded: seed >> 16) & 0x0FFF
        }
        #expect(Self.rules(Self.image(pixels: noise)).isEmpty)
    }

    @Test func deniedClassesBurnedInTextAndScreenSaves() {
        let noise = (0..<4096).map { UInt16(($0 * 7919) % 4096) }
        let capture = Self.image(
            pixels: noise,
            extra: [
                Self.text(DICOM.Tag(0x0008_0016), .UI, "1.2.840.10008.5.1.4.1.1.7"),
                Self.text(DICOM.Tag(0x0028_0301), .CS, "YES"),
                Self.text(DICOM.Tag(0x0008_0008), .CS, "DERIVED\\SECONDARY\\SCREEN SAVE"),
            ])
        #expect(Set(Self.rules(capture)) == ["denied-sop-class", "burned-in-annotation", "image-type"])
        let fine = Self.image(pixels: noise, extra: [Self.text(DICOM.Tag(0x0028_0301), .CS, "NO")])
        #expect(Self.rules(fine).isEmpty)
    }
}
