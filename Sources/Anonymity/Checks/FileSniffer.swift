/// What a file is, from its first bytes rather than its name: a `.dcm` that is
/// really a zip is an archive, a file without an extension that has DICM at byte 128
/// is DICOM. Only magic numbers are trusted; the rest is left to the readers.
enum FileSniffer {
    /// Enough for the DICOM preamble, the NIfTI-2 header and a tar header.
    static let prefixSize: UInt64 = 1024

    static func kind(of file: BoundedFile) -> Gate.Kind {
        let head = file.read(upTo: prefixSize)
        // A .nii.gz is a NIfTI file; any other gzip stream an archive to unpack.
        if head.starts(with: [0x1F, 0x8B]) {
            if let inner = try? GzipPrefix.inflate(file, count: 544), NIfTIHeader(inner) != nil { return .nifti }
            return .archive("gzip")
        }
        return kind(of: head)
    }

    static func kind(of head: [UInt8]) -> Gate.Kind {
        if isDICOM(head) { return .dicom }
        if NIfTIHeader(head) != nil { return .nifti }
        if isTIFF(head) { return .tiff }
        if let format = archive(head) { return .archive(format) }
        return .other(knownFormat(head))
    }

    /// "DICM" after the 128-byte preamble, or a file meta group (0002,xxxx) in
    /// explicit VR at byte 0, as the DICOM reader accepts.
    static func isDICOM(_ head: [UInt8]) -> Bool {
        if head.count >= 132 && head[128..<132].elementsEqual("DICM".utf8) { return true }
        return head.count >= 8 && head[0] == 0x02 && head[1] == 0x00 && head[3] == 0x00
            && (0x41...0x5A).contains(head[4]) && (0x41...0x5A).contains(head[5])
    }

    /// `II*\0`, `MM\0*` (TIFF), `II+\0`, `MM\0+` (BigTIFF).
    static func isTIFF(_ head: [UInt8]) -> Bool {
        head.count >= 8
            && (head[0...3].elementsEqual([0x49, 0x49, 0x2A, 0x00])
                || head[0...3].elementsEqual([0x4D, 0x4D, 0x00, 0x2A])
                || head[0...3].elementsEqual([0x49, 0x49, 0x2B, 0x00])
                || head[0...3].elementsEqual([0x4D, 0x4D, 0x00, 0x2B]))
    }

    static let archives: [(String, [UInt8])] = [
        ("zip", [0x50, 0x4B, 0x03, 0x04]), ("zip", [0x50, 0x4B, 0x05, 0x06]), ("zip", [0x50, 0x4B, 0x07, 0x08]),
        ("7z", [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]), ("gzip", [0x1F, 0x8B]), ("compress (.Z)", [0x1F, 0x9D]),
        ("xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]), ("RAR", [0x52, 0x61, 0x72, 0x21, 0x1A, 0x07]),
        ("zstd", [0x28, 0xB5, 0x2F, 0xFD]), ("LZ4", [0x04, 0x22, 0x4D, 0x18]), ("lzip", Array("LZIP".utf8)),
        ("cabinet", Array("MSCF".utf8) + [0, 0, 0, 0]), ("cpio", Array("070701".utf8)),
        ("cpio", Array("070702".utf8)), ("cpio", Array("070707".utf8)),
    ]

    static func archive(_ head: [UInt8]) -> String? {
        if let (name, _) = archives.first(where: { head.starts(with: $0.1) }) { return name }
        // bzip2: "BZh", a block size digit, then a block or end-of-stream magic.
        if head.count >= 10, head.starts(with: Array("BZh".utf8)), (0x31...0x39).contains(head[3]),
            head[4..<10].elementsEqual([0x31, 0x41, 0x59, 0x26, 0x53, 0x59])
                || head[4..<10].elementsEqual([0x17, 0x72, 0x45, 0x38, 0x50, 0x90])
        {
            return "bzip2"
        }
        return isTar(head) ? "tar" : nil
    }

    /// POSIX and GNU tar put "ustar" at byte 257; the older v7 format only has the
    /// header checksum (the header's byte sum, its own 8 bytes counted as spaces).
    static func isTar(_ head: [UInt8]) -> Bool {
        guard head.count >= 512 else { return false }
        if head[257..<262].elementsEqual("ustar".utf8) && (head[262] == 0 || head[262] == 0x20) { return true }
        guard head[0] != 0 else { return false }
        let field = head[148..<156].prefix { (0x30...0x37).contains($0) || $0 == 0x20 }
        let digits = field.filter { $0 != 0x20 }
        guard !digits.isEmpty, field.count < 8, [0, 0x20].contains(head[148 + field.count]) else { return false }
        let stored = digits.reduce(0) { $0 * 8 + Int($1 - 0x30) }
        let sum = head[0..<512].enumerated().reduce(0) {
            $0 + ((148..<156).contains($1.offset) ? 0x20 : Int($1.element))
        }
        return stored == sum
    }

    /// Formats aida does not check, named so the finding says what the file is.
    static let others: [(String, [UInt8])] = [
        ("a PNG image", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), ("a JPEG image", [0xFF, 0xD8, 0xFF]),
        ("a GIF image", Array("GIF8".utf8)), ("a JPEG 2000 image", [0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]),
        ("a JPEG 2000 codestream", [0xFF, 0x4F, 0xFF, 0x51]), ("a PDF document", Array("%PDF-".utf8)),
        ("an HDF5 file (MINC 2, HDF5 arrays)", [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]),
        ("an NRRD image", Array("NRRD000".utf8)), ("a NumPy array", [0x93] + Array("NUMPY".utf8)),
        ("an SQLite database", Array("SQLite format 3".utf8) + [0]),
        ("an OLE2 compound file (old Office document)", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        ("an executable (ELF)", [0x7F, 0x45, 0x4C, 0x46]), ("an executable (Mach-O)", [0xCF, 0xFA, 0xED, 0xFE]),
        ("an executable (Mach-O)", [0xCE, 0xFA, 0xED, 0xFE]), ("an executable (Windows)", Array("MZ".utf8)),
        ("a script", Array("#!".utf8)),
    ]

    static func knownFormat(_ head: [UInt8]) -> String? {
        if let (name, _) = others.first(where: { head.starts(with: $0.1) }) { return name }
        // sizeof_hdr 348 without the NIfTI magic: the older Analyze 7.5 header.
        if head.count >= 348, head.starts(with: [0x5C, 0x01, 0, 0]) || head.starts(with: [0, 0, 0x01, 0x5C]) {
            return "an Analyze 7.5 header"
        }
        return nil
    }
}
