#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a Part 10 file or a bare data set: preamble, file meta group, transfer
/// syntax, then the data set (inflated first when Deflated).
struct DICOMReader {
    let options: ParseOptions

    /// Headers-only reads start with this much of the file (a CT header is under
    /// 2 KiB) and grow it fourfold while the headers run past it.
    static let headerPrefix = 4 << 10
    static let largestPrefix = 1 << 20

    func read(path: String) throws -> DICOMFile {
        let file = try FileReader(path: path)
        if options.stopBeforePixelData {
            var prefix = Self.headerPrefix
            while prefix < file.size && prefix <= Self.largestPrefix {
                if let parsed = try? read(ByteStorage(file.read(count: prefix)), isPrefix: true) { return parsed }
                prefix *= 4
            }
        }
        return try read(ByteStorage(file.read(count: file.size)))
    }

    func read(_ storage: ByteStorage) throws -> DICOMFile {
        try read(storage, isPrefix: false)
    }

    private func read(_ storage: ByteStorage, isPrefix: Bool) throws -> DICOMFile {
        let start = try FileLayout.locate(storage)
        var meta = DataSet()
        var metaWarnings: [DICOMError] = []
        var metaEnd = start.dataOffset
        var syntax: TransferSyntax
        if start.hasMeta {
            let parsedMeta = try MetaGroupReader.read(storage, at: start.dataOffset, options: options)
            meta = parsedMeta.meta
            metaWarnings = parsedMeta.warnings
            metaEnd = parsedMeta.end
            guard let element = meta[.transferSyntaxUID], let uid = meta.string(element), !uid.isEmpty else {
                throw DICOMError(
                    .missingTransferSyntax, path: TagPath.root.appending(.transferSyntaxUID), offset: metaEnd)
            }
            guard let known = TransferSyntax(uid: uid) else {
                throw DICOMError(
                    .unknownTransferSyntax(uid), path: TagPath.root.appending(.transferSyntaxUID),
                    offset: meta[.transferSyntaxUID]?.offset ?? 0)
            }
            syntax = known
        } else {
            syntax = start.guessedSyntax
        }
        if syntax.isDeflated && isPrefix {
            throw DICOMError(.io("a deflated data set needs the whole file"), offset: metaEnd)
        }
        var source = storage
        var dataStart = metaEnd
        if syntax.isDeflated {
            let inflated = try storage.bytes.withUnsafeBytes { raw in
                try Inflater.inflate(
                    UnsafeRawBufferPointer(rebasing: raw[metaEnd...]), limit: options.maxInflatedSize, offset: metaEnd)
            }
            source = ByteStorage(inflated)
            dataStart = 0
        }
        var parser = DataSetParser(storage: source, options: options)
        var stopped = false
        let explicitVR = Self.explicitVR(source, at: dataStart, declared: syntax.isExplicitVR)
        var dataSet = try parser.parse(
            dataStart..<source.count, explicitVR: explicitVR, bigEndian: syntax.isBigEndian,
            stoppedAtPixelData: &stopped)
        if isPrefix && !stopped {
            throw DICOMError(.io("headers run past the prefix"), offset: source.count)
        }
        try PixelDataCheck.check(&dataSet, full: !stopped && options.checkPixelData)
        var file = DICOMFile(
            preamble: start.preamble, meta: meta, dataSet: dataSet, transferSyntax: syntax,
            stoppedBeforePixelData: stopped, source: source, offsetsAreFileOffsets: !syntax.isDeflated,
            dataSetOffset: dataStart)
        file.warnings = metaWarnings + parser.warnings
        file.isExplicitVR = explicitVR
        if !syntax.isDeflated { file.pixelDataOffset = parser.stopOffset }
        return file
    }

    /// Some writers label an implicit VR data set explicit, or the reverse. As pydicom
    /// and DCMTK do, the first element decides: two upper-case letters after the tag
    /// are a VR. Only the first element is looked at, so the choice is for the whole set.
    static func explicitVR(_ storage: ByteStorage, at offset: Int, declared: Bool) -> Bool {
        guard storage.count >= offset + 8 else { return declared }
        let looksExplicit = VR(bytes: storage.bytes[offset + 4], storage.bytes[offset + 5]) != nil
        return looksExplicit
    }
}
