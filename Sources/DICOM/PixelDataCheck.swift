/// Checks that the image attributes and the pixel data agree, in every data set
/// that has pixel data (icon images in sequences included): their product must
/// not overflow, and native pixel data must hold every declared frame.
enum PixelDataCheck {
    static func check(_ dataSet: inout DataSet, full: Bool) throws {
        var pending: [(DataSet, TagPath)] = [(dataSet, .root)]
        while let (current, path) = pending.popLast() {
            try checkOne(current, path: path, full: full)
            for element in current.elements {
                guard let items = element.items else { continue }
                for (index, item) in items.enumerated() {
                    pending.append((item.dataSet, path.appending(element.tag).appending(item: index)))
                }
            }
        }
    }

    static func checkOne(_ dataSet: DataSet, path: TagPath, full: Bool) throws {
        guard let rows = dataSet.integer(.rows), let columns = dataSet.integer(.columns),
            let bits = dataSet.integer(.bitsAllocated)
        else { return }
        let samples = dataSet.integer(.samplesPerPixel) ?? 1
        var frames: Int64 = 1
        if let element = dataSet[.numberOfFrames] {
            let text = dataSet.strings(element).first ?? ""
            // An unreadable count (pydicom's badVR.dcm has "1A") is left to whoever
            // decodes the frames; it cannot make the sizes below overflow.
            if let value = Int64(text), value >= 0 { frames = value }
        }
        let pixelElement = dataSet[.pixelData]
        var bitsTotal: UInt64 = 1
        for (name, factor) in [
            ("Rows", rows), ("Columns", columns), ("Samples per Pixel", samples),
            ("Bits Allocated", bits), ("Number of Frames", frames),
        ] {
            guard factor >= 0 else {
                throw DICOMError(
                    .imageSizeOverflow("\(name) is negative"), path: path, offset: pixelElement?.offset ?? 0)
            }
            let (product, overflow) = bitsTotal.multipliedReportingOverflow(by: UInt64(factor))
            guard !overflow, product <= UInt64(Int64.max) else {
                throw DICOMError(
                    .imageSizeOverflow("Rows × Columns × Samples × Bits Allocated × Frames exceeds 2^63 bits"),
                    path: path, offset: pixelElement?.offset ?? 0)
            }
            bitsTotal = product
        }
        guard full, let pixelElement else { return }
        // Subsampled colour holds two (4:2:2) or one and a half (4:2:0) samples per pixel.
        let photometric = dataSet.string(Tag(0x0028_0004)) ?? ""
        if samples == 3 && photometric.hasSuffix("_422") { bitsTotal = bitsTotal / 3 * 2 }
        if samples == 3 && photometric.hasSuffix("_420") { bitsTotal = bitsTotal / 2 }
        let declared = (bitsTotal + 7) / 8
        switch pixelElement.value {
        case .bytes(let bytes):
            guard UInt64(bytes.count) >= declared else {
                throw DICOMError(
                    .pixelDataTooShort(declared: declared, actual: bytes.count), path: path.appending(.pixelData),
                    offset: pixelElement.offset ?? 0)
            }
        case .encapsulated(let pixels):
            // One frame may span fragments, never the reverse.
            guard frames <= Int64(pixels.fragments.count) else {
                throw DICOMError(
                    .framesExceedFragments(frames: Int(frames), fragments: pixels.fragments.count),
                    path: path.appending(.pixelData), offset: pixelElement.offset ?? 0)
            }
        case .sequence:
            break
        }
    }
}
