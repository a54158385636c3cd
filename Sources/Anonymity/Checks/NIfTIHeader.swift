/// The fixed header of a NIfTI-1 (348 bytes) or NIfTI-2 (540 bytes) file, either byte
/// order: where its text fields are and where the voxels start. Recognised by
/// sizeof_hdr and the magic ("n+1"/"ni1" at byte 344, "n+2"/"ni2" at byte 4), never
/// by the file name.
struct NIfTIHeader {
    let version: Int
    let bigEndian: Bool
    /// "n+1"/"n+2": header, extensions and voxels in one file; "ni1"/"ni2": the
    /// `.hdr` of a pair, whose extensions run to the end of the file.
    let singleFile: Bool
    /// vox_offset as written (may be zero or nonsense: the caller bounds it).
    let voxelOffset: Double

    var size: Int { version == 1 ? 348 : 540 }

    /// The character fields (NIfTI-1 keeps Analyze's data_type and db_name, unused;
    /// NIfTI-2 has 15 unused bytes at the end): any of them can hold typed text.
    var textFields: [(name: String, range: Range<Int>)] {
        version == 1
            ? [
                ("data_type", 4..<14), ("db_name", 14..<32), ("descrip", 148..<228), ("aux_file", 228..<252),
                ("intent_name", 328..<344),
            ]
            : [("descrip", 240..<320), ("aux_file", 320..<344), ("intent_name", 508..<524), ("unused_str", 525..<540)]
    }

    /// Nil unless `bytes` starts with a NIfTI-1 or NIfTI-2 header.
    init?(_ bytes: [UInt8]) {
        guard bytes.count >= 8 else { return nil }
        let little = Self.int32(bytes, 0, bigEndian: false)
        let big = Self.int32(bytes, 0, bigEndian: true)
        if little == 348 || big == 348 {
            guard bytes.count >= 348, bytes[345] == 0x2B || bytes[345] == 0x69, bytes[347] == 0 else { return nil }
            guard bytes[344] == 0x6E, bytes[346] == 0x31 else { return nil }  // "n+1" or "ni1"
            version = 1
            bigEndian = big == 348
            singleFile = bytes[345] == 0x2B
            let raw = UInt32(bitPattern: Self.int32(bytes, 108, bigEndian: bigEndian))
            voxelOffset = Double(Float(bitPattern: raw))
        } else if little == 540 || big == 540 {
            guard bytes[4] == 0x6E, bytes[5] == 0x2B || bytes[5] == 0x69, bytes[6] == 0x32, bytes[7] == 0 else {
                return nil
            }
            version = 2
            bigEndian = big == 540
            singleFile = bytes[5] == 0x2B
            voxelOffset = bytes.count >= 176 ? Double(Self.int64(bytes, 168, bigEndian: bigEndian)) : 0
        } else {
            return nil
        }
    }

    /// Where the extension area ends: vox_offset for a single file, the end of the
    /// file for a pair's header. A single file whose vox_offset is missing or too
    /// small but whose extension flag is set is read to the end too, as nibabel does,
    /// so nothing flagged as an extension goes unread. The caller caps the read.
    func extensionEnd(fileSize: Int, extended: Bool) -> Int {
        let start = size + 4
        let valid = voxelOffset.isFinite && voxelOffset > Double(start)
        guard singleFile, valid || !extended else { return max(start, fileSize) }
        guard valid else { return start }
        return voxelOffset < 1e15 ? Int(voxelOffset) : Int(1e15)
    }

    static func int32(_ bytes: [UInt8], _ at: Int, bigEndian: Bool) -> Int32 {
        let value = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * $1) }
        return Int32(bitPattern: bigEndian ? value.byteSwapped : value)
    }

    static func int64(_ bytes: [UInt8], _ at: Int, bigEndian: Bool) -> Int64 {
        let value = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * $1) }
        return Int64(bitPattern: bigEndian ? value.byteSwapped : value)
    }
}
