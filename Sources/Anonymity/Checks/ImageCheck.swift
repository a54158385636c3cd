import DICOM

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Images that must not be shared whatever their headers say: SOP classes the profile
/// denies (secondary capture, encapsulated PDF, dose reports), burned-in annotation
/// declared, image types naming screen saves or dose information, and images that are
/// mostly one value (usually a picture of text), judged from a sample of the native
/// pixels, never from a flag alone.
struct ImageCheck {
    let profile: Profile

    static let sopClass = Tag(0x0008_0016)
    static let imageType = Tag(0x0008_0008)
    static let burnedIn = Tag(0x0028_0301)
    static let samplesWanted = 4096
    /// Frames of this many pixels or fewer are sampled whole (one read of at most 512 KiB).
    static let wholeFrame = 65536

    func check(_ dataSet: DataSet, file: String, pixelSample: [UInt16]? = nil) -> [Finding] {
        var findings: [Finding] = []
        func add(_ tag: Tag, _ rule: String, _ message: String) {
            findings.append(
                Finding(file: file, path: TagPath.root.appending(tag).description, rule: rule, message: message))
        }
        if let sop = dataSet.string(Self.sopClass), profile.images.deniedSOPClasses.contains(sop) {
            let name = UIDRegistry.entry(for: sop)?.name ?? sop
            add(Self.sopClass, "denied-sop-class", "\(name) is not shared (profile: images.denied-sop-classes)")
        }
        if let burned = dataSet.string(Self.burnedIn), burned != "NO" {
            add(Self.burnedIn, "burned-in-annotation", "Burned In Annotation is \"\(burned)\", not NO")
        }
        if let element = dataSet[Self.imageType] {
            let types = dataSet.strings(element).map { $0.uppercased() }
            if let named = types.first(where: { $0.contains("SCREEN") || $0.contains("DOSE") || $0.contains("REPORT") })
            {
                add(Self.imageType, "image-type", "Image Type names \(named): a screen capture or dose report")
            }
        }
        let threshold = profile.images.uniformFraction
        let fraction =
            pixelSample.flatMap { Self.mostCommonShare($0, deciding: threshold) } ?? uniformFraction(dataSet)
        if let fraction, fraction >= profile.images.uniformFraction {
            let percent = Int((fraction * 100).rounded())
            add(
                .pixelData, "uniform-image",
                "one value covers \(percent)% of the sampled pixels: likely a picture of text")
        }
        return findings
    }

    /// Pixels of the first frame of native 8- or 16-bit pixel data of 1 to 4 samples per
    /// pixel, read straight from a file parsed headers-only (a CT slice is 512 KiB of pixels
    /// behind 2 KiB of header): a frame of up to 65,536 pixels whole, a larger one in 16 runs
    /// of 256. Run k starts on row (2k + 1) · rows / 32 at column (7k mod 16) · columns / 16,
    /// so the runs cover every part of the frame evenly, its middle as much as its borders
    /// (runs at a fixed stride all start on the same columns when the stride is a whole
    /// number of rows: on a 512 × 512 slice all 64 runs of 64 sat in the air left of the body). A colour pixel's samples are folded into one value, so the share is that of
    /// a colour, not of one channel (an ultrasound frame 94% black in red is 84% one colour).
    /// Nil for anything else (encapsulated, deflated, other layouts) or when the file ends early.
    static func sample(path: String, file: DICOMFile) -> [UInt16]? {
        let data = file.dataSet
        guard let offset = file.pixelDataOffset, let rows = data.integer(.rows), let columns = data.integer(.columns),
            let bits = data.integer(.bitsAllocated), bits == 8 || bits == 16,
            case let samples = Int(data.integer(.samplesPerPixel) ?? 1), (1...4).contains(samples),
            rows > 0, columns > 0, rows <= 65535, columns <= 65535
        else { return nil }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        // The Pixel Data element's header: its value must hold a whole first frame.
        var header = [UInt8](repeating: 0, count: 12)
        guard pread(descriptor, &header, 12, off_t(offset)) == 12 else { return nil }
        if file.isExplicitVR {
            guard let vr = VR(bytes: header[4], header[5]), vr.hasLongLength else { return nil }
        }
        let at = file.isExplicitVR ? 8 : 4
        let raw =
            UInt32(header[at]) | UInt32(header[at + 1]) << 8 | UInt32(header[at + 2]) << 16
            | UInt32(header[at + 3]) << 24
        let big = file.transferSyntax.isBigEndian
        let length = big ? raw.byteSwapped : raw
        let (width, height, across) = (Int(bits / 8), Int(rows), Int(columns))
        guard length != 0xFFFF_FFFF, Int(length) >= height * across * width * samples else { return nil }
        // Where sample s of pixel p is: planar, in plane s; else interleaved.
        let planar = samples > 1 && data.integer(.planarConfiguration) == 1
        let step = planar ? width : width * samples
        let start = offset + at + 4
        func byte(_ pixel: Int, _ sample: Int) -> Int {
            start + (planar ? sample * height * across * width + pixel * width : pixel * step + sample * width)
        }
        // Runs: (first pixel, pixels).
        var runs = [(0, height * across)]
        if height * across > Self.wholeFrame {
            // Rows spread over the frame, start columns over the whole width (a run goes on
            // into the next row, as the pixels do), each sixteenth of the width once.
            let pixels = height * across
            runs = (0..<16).map { k in
                (min((2 * k + 1) * height / 32 * across + (7 * k % 16) * across / 16, pixels - 256), 256)
            }
        }
        var values = [UInt16](repeating: 0, count: runs.reduce(0) { $0 + $1.1 })
        var buffer = [UInt8](repeating: 0, count: runs.map(\.1).max()! * step)
        for sample in 0..<samples {
            var filled = 0
            for (first, count) in runs {
                let bytes = (count - 1) * step + width
                guard pread(descriptor, &buffer, bytes, off_t(byte(first, sample))) == bytes else { return nil }
                buffer.withUnsafeBytes { raw in
                    for index in 0..<count {
                        var value = UInt16(raw[index * step])
                        if width == 2 {
                            value = raw.loadUnaligned(fromByteOffset: index * step, as: UInt16.self)
                            value = big ? value.bigEndian : value.littleEndian
                        }
                        // One sample: the value itself; more: folded, 31 times the colour so far plus it.
                        values[filled + index] = sample == 0 ? value : values[filled + index] &* 31 &+ value
                    }
                }
                filled += count
            }
        }
        return values.isEmpty ? nil : values
    }

    /// The share of the most common value among up to 4,096 evenly spaced pixels of
    /// the first frame of native, 8- or 16-bit, single-sample pixel data; nil otherwise.
    func uniformFraction(_ dataSet: DataSet) -> Double? {
        guard let bytes = dataSet[.pixelData]?.bytes, let rows = dataSet.integer(.rows),
            let columns = dataSet.integer(.columns), let bits = dataSet.integer(.bitsAllocated),
            bits == 8 || bits == 16, rows > 0, columns > 0
        else { return nil }
        let width = Int(bits / 8)
        let samples = Int(dataSet.integer(.samplesPerPixel) ?? 1)
        let pixels = min(Int(rows) * Int(columns), bytes.count / (width * samples))
        guard pixels >= 64 else { return nil }
        let step = max(1, pixels / Self.samplesWanted)
        var counts: [UInt16: Int] = [:]
        var taken = 0
        bytes.withUnsafeBytes { raw in
            var index = 0
            while index < pixels {
                let offset = index * width * samples
                let value: UInt16 =
                    width == 1
                    ? UInt16(raw[offset])
                    : UInt16(raw[offset]) | UInt16(raw[offset + 1]) << 8
                counts[value, default: 0] += 1
                taken += 1
                index += step
            }
        }
        guard taken > 0, let most = counts.values.max() else { return nil }
        return Double(most) / Double(taken)
    }

    /// A share that decides `share >= threshold` exactly: for a threshold over one half,
    /// only a majority value can reach it, and one pass of the majority vote (Boyer and
    /// Moore) finds the only candidate, a second counts it; below one half, the exact
    /// share of the most common value. (Counting sorts cost a tenth of a whole check.)
    static func mostCommonShare(_ values: [UInt16], deciding threshold: Double) -> Double? {
        guard values.count >= 64 else { return nil }
        guard threshold > 0.5 else { return mostCommonShare(values) }
        let count = values.withUnsafeBufferPointer { values in
            var candidate = values[0]
            var lead = 0
            for value in values {
                if lead == 0 { candidate = value }
                lead += value == candidate ? 1 : -1
            }
            var count = 0
            for value in values where value == candidate { count += 1 }
            return count
        }
        return Double(count) / Double(values.count)
    }

    /// The share of the most common value in a sample: sorted, the longest run (a
    /// dictionary of counts cost 13% of a whole check in a profile).
    static func mostCommonShare(_ values: [UInt16]) -> Double? {
        guard values.count >= 64 else { return nil }
        let sorted = radixSorted(values)
        var longest = 1
        var run = 1
        for index in 1..<sorted.count {
            run = sorted[index] == sorted[index - 1] ? run + 1 : 1
            longest = max(longest, run)
        }
        return Double(longest) / Double(sorted.count)
    }

    /// Two passes of a byte-wise counting sort: linear, where the generic comparison sort
    /// was a quarter of `aida check`'s time.
    static func radixSorted(_ values: [UInt16]) -> [UInt16] {
        var source = values
        var target = [UInt16](repeating: 0, count: values.count)
        var starts = [Int](repeating: 0, count: 257)
        source.withUnsafeMutableBufferPointer { a in
            target.withUnsafeMutableBufferPointer { b in
                starts.withUnsafeMutableBufferPointer { starts in
                    var (from, to) = (a, b)
                    for shift in [UInt16(0), 8] {
                        for bucket in 0...256 { starts[bucket] = 0 }
                        for value in from { starts[Int((value >> shift) & 0xFF) + 1] += 1 }
                        for bucket in 1...256 { starts[bucket] += starts[bucket - 1] }
                        for value in from {
                            let bucket = Int((value >> shift) & 0xFF)
                            to[starts[bucket]] = value
                            starts[bucket] += 1
                        }
                        swap(&from, &to)
                    }
                }
            }
        }
        // Two passes: the sorted values are back in `source`.
        return source
    }
}
