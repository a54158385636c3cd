import DICOM

/// NIfTI-1 and NIfTI-2 files (`.nii`, `.nii.gz`, a pair's `.hdr`): the header's text
/// fields and every header extension through the free-text checks, as DICOM text.
/// Converters copy what they find into them: dcm2niix's descrip, a comment extension,
/// a whole DICOM header in a DICOM extension (ecode 2), which gets the full header
/// checks. Only the header and extensions are read (inflated, for `.nii.gz`), at
/// most ``maxExtensions`` bytes of them; the voxels never.
struct NIfTICheck {
    let header: HeaderCheck

    /// Extensions past this are refused unread rather than read without bound
    /// (CIFTI-2 XML, the largest in practice, runs to a few MiB).
    static let maxExtensions = 16 << 20

    static let codeNames: [Int32: String] = [
        0: "ignore", 2: "DICOM", 4: "AFNI", 6: "comment", 8: "XCEDE", 10: "JIMDIMINFO", 12: "WORKFLOW_FWDS",
        14: "FreeSurfer", 16: "pypickle", 18: "MIND_IDENT", 30: "Caret", 32: "CIFTI", 40: "MATLAB",
    ]

    func check(path: String, file: String) -> [Finding] {
        guard let handle = BoundedFile(path: path) else { return [unreadable(file, "", "cannot open the file")] }
        return check(handle, file: file)
    }

    func check(_ handle: BoundedFile, file: String) -> [Finding] {
        var findings: [Finding] = []
        let gzip = handle.read(upTo: 2) == [0x1F, 0x8B]
        if gzip {
            for (field, bytes) in GzipPrefix.headerText(handle) {
                findings += TextScan.findings(
                    in: bytes, file: file, path: "gzip header (\(field))", place: "the gzip header's \(field)")
            }
        }
        // The first `count` bytes of the (inflated) file.
        func prefix(_ count: Int) throws -> [UInt8] {
            gzip ? try GzipPrefix.inflate(handle, count: count) : handle.read(upTo: UInt64(count))
        }
        do {
            let head = try prefix(544)
            guard let nifti = NIfTIHeader(head), head.count >= nifti.size else {
                return findings + [unreadable(file, "", "the NIfTI header is incomplete")]
            }
            for (name, range) in nifti.textFields {
                findings += TextScan.findings(
                    in: head[range], file: file, path: name, place: "the header field \(name)")
            }
            let start = nifti.size + 4
            let extended = head.count > nifti.size && head[nifti.size] != 0
            let wanted = nifti.extensionEnd(fileSize: gzip ? Int.max : Int(clamping: handle.size), extended: extended)
            guard wanted > start else { return findings }
            let limit = min(wanted, start + Self.maxExtensions)
            // One byte past the cap tells "exactly the cap" from "beyond".
            var region = try prefix(wanted > limit ? limit + 1 : limit)
            let beyondCap = region.count > limit
            if beyondCap { region.removeLast() }
            guard extended else {
                let gap = region.count > start ? region[start...] : []
                return findings
                    + TextScan.findings(
                        in: gap, file: file, path: "bytes \(start)-\(region.count) before the voxels",
                        place: "the bytes between the header and the voxels")
                    + (beyondCap ? [tooLarge(file, "bytes after \(limit)")] : [])
            }
            findings += extensions(region, from: start, nifti: nifti, file: file, beyondCap: beyondCap)
        } catch let failure as GzipPrefix.Failure {
            findings.append(unreadable(file, "", failure.message))
        } catch {
            findings.append(unreadable(file, "", "\(error)"))
        }
        return findings
    }

    /// The esize/ecode blocks from `start`: esize counts its own 8 bytes; what is left
    /// at the end, if not zero padding, is checked as text too.
    func extensions(_ region: [UInt8], from start: Int, nifti: NIfTIHeader, file: String, beyondCap: Bool)
        -> [Finding]
    {
        var findings: [Finding] = []
        var position = start
        var index = 1
        // Zero padding after the last extension ends the walk.
        let end = (region.lastIndex(where: { $0 != 0 }) ?? -1) + 1
        while position < end, region.count - position >= 8 {
            let size = Int(NIfTIHeader.int32(region, position, bigEndian: nifti.bigEndian))
            let code = NIfTIHeader.int32(region, position + 4, bigEndian: nifti.bigEndian)
            let label = "extension \(index) (ecode \(code)\(Self.codeNames[code].map { ", \($0)" } ?? ""))"
            guard size >= 8, size <= region.count - position else {
                let left = region.count - position
                if beyondCap && size > left { return findings + [tooLarge(file, label)] }
                return findings + [unreadable(file, label, "esize \(size) does not fit the \(left) bytes left")]
            }
            let content = region[(position + 8)..<(position + size)]
            findings += check(extension: content, code: code, file: file, path: label)
            position += size
            index += 1
        }
        if position < end {
            findings += TextScan.findings(
                in: region[position..<end], file: file, path: "after extension \(index - 1)",
                place: "the bytes after the last extension")
        }
        return findings
            + (beyondCap ? [tooLarge(file, index == 1 ? "extensions" : "after extension \(index - 1)")] : [])
    }

    /// A DICOM extension is a data set: every element gets the header checks, its
    /// path prefixed with the extension's. If it does not parse, it is text like the rest.
    func check(extension content: ArraySlice<UInt8>, code: Int32, file: String, path: String) -> [Finding] {
        if code == 2, let dicom = Self.dataSet(content) {
            return header.checkElements(of: [dicom.meta, dicom.dataSet], file: file).map { finding in
                Finding(
                    file: file, path: "\(path) \(finding.path)", rule: finding.rule, message: finding.message,
                    value: finding.value)
            }
        }
        return TextScan.findings(in: content, file: file, path: path, place: "a header extension")
    }

    /// The extension as a data set: as stored, else without the zero padding that
    /// rounds it to 16 bytes (kept to an even length, as DICOM values are).
    static func dataSet(_ content: ArraySlice<UInt8>) -> DICOMFile? {
        if let file = try? DICOMFile(bytes: Array(content), options: .headersOnly) { return file }
        guard let last = content.lastIndex(where: { $0 != 0 }) else { return nil }
        var trimmed = Array(content[...last])
        if trimmed.count % 2 == 1 { trimmed.append(0) }
        return try? DICOMFile(bytes: trimmed, options: .headersOnly)
    }

    func unreadable(_ file: String, _ path: String, _ why: String) -> Finding {
        Finding(file: file, path: path, rule: "unreadable", message: "NIfTI: \(why)")
    }

    func tooLarge(_ file: String, _ path: String) -> Finding {
        unreadable(file, path, "header extensions run past \(Self.maxExtensions >> 20) MiB, more than aida reads")
    }
}
