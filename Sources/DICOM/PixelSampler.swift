#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Samples native pixel values straight from a file that was parsed headers-only:
/// a few short reads spread over the first frame instead of reading the whole pixel
/// data (a CT slice is 512 KiB of pixels behind 2 KiB of header).
public enum PixelSampler {
    /// Up to `chunks` × `perChunk` values of the first frame, evenly spread, for 8- or
    /// 16-bit single-sample native pixel data; nil for anything else (encapsulated,
    /// deflated, other layouts) or when the file ends early.
    public static func sample(path: String, file: DICOMFile, chunks: Int = 64, perChunk: Int = 64) -> [UInt16]? {
        let data = file.dataSet
        guard let offset = file.pixelDataOffset, let rows = data.integer(.rows), let columns = data.integer(.columns),
            let bits = data.integer(.bitsAllocated), bits == 8 || bits == 16,
            (data.integer(.samplesPerPixel) ?? 1) == 1,
            rows > 0, columns > 0, rows <= 65535, columns <= 65535
        else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 12)
        guard pread(descriptor, &header, 12, off_t(offset)) == 12 else { return nil }
        let big = file.transferSyntax.isBigEndian
        func u32(_ at: Int) -> UInt32 {
            let value =
                UInt32(header[at]) | UInt32(header[at + 1]) << 8 | UInt32(header[at + 2]) << 16 | UInt32(header[at + 3])
                << 24
            return big ? value.byteSwapped : value
        }
        let length: UInt32
        let start: Int
        if file.isExplicitVR {
            guard let vr = VR(bytes: header[4], header[5]), vr.hasLongLength else { return nil }
            length = u32(8)
            start = offset + 12
        } else {
            length = u32(4)
            start = offset + 8
        }
        let width = Int(bits / 8)
        let frameBytes = Int(rows) * Int(columns) * width
        guard length != 0xFFFF_FFFF, Int(length) >= frameBytes else { return nil }
        let chunkBytes = perChunk * width
        let stride = max(chunkBytes, frameBytes / chunks)
        var values: [UInt16] = []
        values.reserveCapacity(chunks * perChunk)
        var buffer = [UInt8](repeating: 0, count: chunkBytes)
        var position = 0
        while position + chunkBytes <= frameBytes {
            guard pread(descriptor, &buffer, chunkBytes, off_t(start + position)) == chunkBytes else { return nil }
            for index in 0..<perChunk {
                if width == 1 {
                    values.append(UInt16(buffer[index]))
                } else {
                    let value = UInt16(buffer[2 * index]) | UInt16(buffer[2 * index + 1]) << 8
                    values.append(big ? value.byteSwapped : value)
                }
            }
            position += stride
        }
        return values.isEmpty ? nil : values
    }
}
