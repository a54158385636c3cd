import DICOM
import Foundation
import Testing

@testable import Anonymity

/// The uniform-image rule reads a sample of the first frame from the file: it must see
/// the middle of the image, not only its borders (pydicom-data eCT_Supplemental.dcm, a
/// perfusion map with air on both sides, was refused as "100% one value").
@Suite("Pixel sample")
struct PixelSampleTests {
    static func write(_ pixel: (Int, Int) -> UInt16, rows: Int = 512, columns: Int = 512) throws -> String {
        var bytes: [UInt8] = []
        for row in 0..<rows {
            for column in 0..<columns {
                let value = pixel(row, column)
                bytes += [UInt8(value & 0xFF), UInt8(value >> 8)]
            }
        }
        func us(_ tag: UInt32, _ value: Int) -> Element {
            Element(tag: DICOM.Tag(tag), vr: .US, bytes: [UInt8(value & 0xFF), UInt8(value >> 8)])
        }
        let dataSet = DataSet(elements: [
            us(0x0028_0002, 1), us(0x0028_0010, rows), us(0x0028_0011, columns), us(0x0028_0100, 16),
            Element(tag: .pixelData, vr: .OW, bytes: bytes),
        ])
        let file = DICOMFile(
            preamble: [UInt8](repeating: 0, count: 128), meta: DataSet(), dataSet: dataSet,
            transferSyntax: .explicitVRLittleEndian, stoppedBeforePixelData: false, source: ByteStorage([]),
            offsetsAreFileOffsets: false, dataSetOffset: 0)
        let path = NSTemporaryDirectory() + "sample-" + UUID().uuidString + ".dcm"
        try DICOMWriter().write(file, to: path)
        return path
    }

    static func rules(_ path: String) -> [String] {
        (try? HeaderCheck(profile: .default).check(path: path).map(\.rule)) ?? []
    }

    @Test("air left and right of the body: the sample sees the body and the image passes")
    func bordersAndMiddle() throws {
        // Columns 0–159 and 352–511 air (-1000 HU as 24), the middle varied tissue.
        let path = try Self.write { row, column in
            (160..<352).contains(column) ? UInt16(100 + (row * 7 + column * 13) % 1500) : 24
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try DICOMFile(path: path, options: .headersOnly)
        let sample = try #require(ImageCheck.sample(path: path, file: file))
        #expect(sample.count == 4096)
        let share = try #require(ImageCheck.mostCommonShare(sample))
        #expect(share > 0.5 && share < 0.8, "air is 62.5% of the frame: \(share)")
        #expect(!Self.rules(path).contains("uniform-image"))
    }

    @Test("a picture of text is still refused, and a small frame is read whole")
    func text() throws {
        let page = try Self.write { row, column in row % 16 == 3 && column % 9 < 5 ? 900 : 0 }
        defer { try? FileManager.default.removeItem(atPath: page) }
        #expect(Self.rules(page).contains("uniform-image"))
        let small = try Self.write({ row, column in UInt16(row * 16 + column) }, rows: 16, columns: 16)
        defer { try? FileManager.default.removeItem(atPath: small) }
        let file = try DICOMFile(path: small, options: .headersOnly)
        #expect(ImageCheck.sample(path: small, file: file) == (0..<256).map(UInt16.init))
    }

    @Test("a colour frame is judged by its colours, not by its red channel (pydicom ExplVR_BigEnd.dcm)")
    func colour() throws {
        // 80 × 60 RGB, planar: red is 0 in 97% of the pixels, green and blue vary.
        let (rows, columns) = (60, 80)
        var planes = [[UInt8]](repeating: [], count: 3)
        for row in 0..<rows {
            for column in 0..<columns {
                planes[0].append(row < 2 ? 200 : 0)
                planes[1].append(UInt8((row * 4) & 0xFF))
                planes[2].append(UInt8((column * 3) & 0xFF))
            }
        }
        func us(_ tag: UInt32, _ value: Int) -> Element {
            Element(tag: DICOM.Tag(tag), vr: .US, bytes: [UInt8(value & 0xFF), UInt8(value >> 8)])
        }
        let dataSet = DataSet(elements: [
            us(0x0028_0002, 3), us(0x0028_0006, 1), us(0x0028_0010, rows), us(0x0028_0011, columns),
            us(0x0028_0100, 8), Element(tag: .pixelData, vr: .OB, bytes: planes.flatMap { $0 }),
        ])
        let file = DICOMFile(
            preamble: [UInt8](repeating: 0, count: 128), meta: DataSet(), dataSet: dataSet,
            transferSyntax: .explicitVRLittleEndian, stoppedBeforePixelData: false, source: ByteStorage([]),
            offsetsAreFileOffsets: false, dataSetOffset: 0)
        let path = NSTemporaryDirectory() + "colour-" + UUID().uuidString + ".dcm"
        try DICOMWriter().write(file, to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try DICOMFile(path: path, options: .headersOnly)
        let sample = try #require(ImageCheck.sample(path: path, file: read))
        #expect(sample.count == rows * columns)
        #expect(try #require(ImageCheck.mostCommonShare(sample)) < 0.1)
        #expect(!Self.rules(path).contains("uniform-image"))
    }
}
