import Foundation
import Testing

/// The uniform-image rule on colour images, interleaved and planar, written by pydicom.
@Suite("aida check: colour images")
struct ColourImageCheckTests {
    static let script = #"""
        import sys, numpy as np, pydicom
        from pydicom.dataset import Dataset, FileMetaDataset
        from pydicom.uid import ExplicitVRLittleEndian, generate_uid
        out, kind, planar = sys.argv[1], sys.argv[2], int(sys.argv[3])
        rng = np.random.default_rng(7)
        if kind == "text":      # a white page with a few dark glyph pixels: a picture of text
            rgb = np.full((256, 256, 3), 250, np.uint8)
            rgb[rng.random((256, 256)) < 0.02] = 20
        else:                   # an ultrasound-like noisy image
            rgb = rng.integers(0, 256, (256, 256, 3), dtype=np.uint8)
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.6.1"
        meta.MediaStorageSOPInstanceUID = "2.25.1234"
        meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds = Dataset(); ds.file_meta = meta
        ds.SOPClassUID = meta.MediaStorageSOPClassUID; ds.SOPInstanceUID = "2.25.1234"
        ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.PlanarConfiguration = 256, 256, 3, planar
        ds.PhotometricInterpretation = "RGB"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
        ds.PixelData = (rgb.transpose(2, 0, 1) if planar else rgb).tobytes()
        ds.save_as(out, enforce_file_format=True)
        """#

    @Test("a picture of text in RGB is refused, interleaved or planar; a noisy one is not", arguments: [0, 1])
    func colour(planar: Int) throws {
        let sandbox = try Sandbox()
        try sandbox.write(Self.script, to: sandbox.path("make.py"))
        for kind in ["text", "noise"] {
            try sandbox.run(
                "python3", [sandbox.path("make.py"), sandbox.path("\(kind).dcm"), kind, "\(planar)"], in: sandbox.root
            ).requireSuccess()
        }
        let text = try sandbox.aida("check", "text.dcm", in: sandbox.root)
        #expect(text.stdout.contains("uniform-image"), "\(text)")
        let noise = try sandbox.aida("check", "noise.dcm", in: sandbox.root)
        #expect(!noise.stdout.contains("uniform-image"), "\(noise)")
    }
}
