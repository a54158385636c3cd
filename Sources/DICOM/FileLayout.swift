/// Where a file's DICOM data begins: after a 128-byte preamble and "DICM", or
/// at byte 0 for a bare data set, whose encoding is then inferred.
struct FileLayout {
    let preamble: [UInt8]?
    let hasMeta: Bool
    let dataOffset: Int
    /// For a bare data set without a meta group.
    let guessedSyntax: TransferSyntax

    static func locate(_ storage: ByteStorage) throws -> FileLayout {
        let bytes = storage.bytes
        if bytes.count >= 132 && bytes[128] == 0x44 && bytes[129] == 0x49 && bytes[130] == 0x43 && bytes[131] == 0x4D {
            let preamble = Array(bytes[0..<128])
            if let executable = executableHeader(preamble) {
                throw DICOMError(.executablePreamble(executable), offset: 0)
            }
            return FileLayout(
                preamble: preamble, hasMeta: true, dataOffset: 132, guessedSyntax: .explicitVRLittleEndian)
        }
        guard bytes.count >= 8 else {
            throw DICOMError(.notDICOM("\(bytes.count) bytes, no \"DICM\" prefix"), offset: 0)
        }
        let groupLE = UInt16(bytes[0]) | UInt16(bytes[1]) << 8
        let groupBE = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        let explicit = VR(bytes: bytes[4], bytes[5]) != nil
        if groupLE == 0x0002 {
            // A meta group without a preamble.
            guard explicit else { throw DICOMError(.metaGroupMissing("group 0002 is not explicit VR"), offset: 0) }
            return FileLayout(preamble: nil, hasMeta: true, dataOffset: 0, guessedSyntax: .explicitVRLittleEndian)
        }
        // A bare data set starts with a low, even group (0008 in practice).
        if plausible(groupLE) {
            return FileLayout(
                preamble: nil, hasMeta: false, dataOffset: 0,
                guessedSyntax: explicit ? .explicitVRLittleEndian : .implicitVRLittleEndian)
        }
        if plausible(groupBE) && explicit {
            return FileLayout(preamble: nil, hasMeta: false, dataOffset: 0, guessedSyntax: .explicitVRBigEndian)
        }
        throw DICOMError(.notDICOM("no \"DICM\" prefix at byte 128 and no data set at byte 0"), offset: 0)
    }

    static func plausible(_ group: UInt16) -> Bool {
        group >= 0x0008 && group <= 0x0028 && group & 1 == 0
    }

    /// Executable formats a polyglot file could carry in its preamble (PS3.10 7.5
    /// lets the preamble hold anything; a gate should not pass a runnable file).
    static func executableHeader(_ preamble: [UInt8]) -> String? {
        let magic: [(String, [UInt8])] = [
            ("ELF", [0x7F, 0x45, 0x4C, 0x46]),
            ("Windows PE (MZ)", [0x4D, 0x5A]),
            ("script (#!)", [0x23, 0x21]),
            ("Mach-O", [0xFE, 0xED, 0xFA, 0xCE]), ("Mach-O", [0xFE, 0xED, 0xFA, 0xCF]),
            ("Mach-O", [0xCE, 0xFA, 0xED, 0xFE]), ("Mach-O", [0xCF, 0xFA, 0xED, 0xFE]),
            ("Mach-O universal / Java class", [0xCA, 0xFE, 0xBA, 0xBE]),
        ]
        for (name, prefix) in magic where preamble.starts(with: prefix) { return name }
        return nil
    }
}
