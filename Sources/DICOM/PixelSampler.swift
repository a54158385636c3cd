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
    /// 16-bit native pixel data of 1 to 4 samples per pixel (the first sample of each);
    /// nil for anything else (encapsulated, deflated, other layouts) or when the file ends early.
    public static func sample(path: String, file: DICOMFile, chunks: Int = 16, perChunk: Int = 256) -> [UInt16]? {
        let data = file.dataSet
        guard let offset = file.pixelDataOffset, let rows = data.integer(.rows), let columns = data.integer(.columns),
            let bits = data.integer(.bitsAllocated), bits == 8 || bits == 16,
            case let samples = Int(data.integer(.samplesPerPixel) ?? 1), (1...4).contains(samples),
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
        guard length != 0xFFFF_FFFF, Int(length) >= Int(rows) * Int(columns) * width * samples else { return nil }
        // Colour: the first sample of each pixel (red, or Y), from the first plane when
        // the samples are planar, else every `samples`-th value; a picture of text is as
        // uniform in one channel as in all.
        let planar = samples > 1 && data.integer(.planarConfiguration) == 1
        let pixelBytes = planar ? width : width * samples
        let frameBytes = Int(rows) * Int(columns) * pixelBytes
        let chunkBytes = perChunk * pixelBytes
        let stride = max(chunkBytes, frameBytes / chunks)
        let wanted = min(chunks, max(1, (frameBytes - chunkBytes) / stride + 1))
        guard frameBytes >= chunkBytes else { return nil }
        var values = [UInt16](repeating: 0, count: wanted * perChunk)
        var buffer = [UInt8](repeating: 0, count: chunkBytes)
        let complete = values.withUnsafeMutableBufferPointer { out in
            buffer.withUnsafeMutableBytes { raw in
                for chunk in 0..<wanted {
                    let position = chunk * stride
                    guard pread(descriptor, raw.baseAddress, chunkBytes, off_t(start + position)) == chunkBytes else {
                        return false
                    }
                    for index in 0..<perChunk {
                        let value =
                            width == 1
                            ? UInt16(raw[index * pixelBytes])
                            : raw.loadUnaligned(fromByteOffset: index * pixelBytes, as: UInt16.self)
                        out[chunk * perChunk + index] = width == 1 ? value : big ? value.bigEndian : value.littleEndian
                    }
                }
                return true
            }
        }
        return complete ? values : nil
    }
}
