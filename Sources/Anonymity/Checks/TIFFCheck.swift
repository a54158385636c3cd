/// TIFF and BigTIFF, the whole-slide formats built on them included (Aperio `.svs`,
/// Hamamatsu `.ndpi`, Leica `.scn`, Ventana `.bif`, Philips `.tiff`, OME-TIFF).
/// Every IFD of the main chain and every sub-IFD (SubIFDs, Exif, GPS,
/// Interoperability) is walked; every ASCII entry, XMP, IPTC, the Exif user comment
/// and the Windows XP* tags go through the free-text checks; slide label and macro
/// images are refused (``SlideLabels``). Pixels are not read.
/// Loops, offsets out of the file and oversized values are findings (`unreadable`):
/// what cannot be read cannot be passed.
struct TIFFCheck {
    static let maxDirectories = 1 << 16
    /// Entries over all IFDs: 65,536 IFDs of 65,536 entries would be too many to walk.
    static let maxEntries = 4 << 20
    static let maxValue: UInt64 = 16 << 20
    /// Text read over the whole file.
    static let maxText: UInt64 = 64 << 20

    static let tagNames: [UInt16: String] = [
        269: "DocumentName", 270: "ImageDescription", 271: "Make", 272: "Model", 285: "PageName",
        305: "Software", 306: "DateTime", 315: "Artist", 316: "HostComputer", 330: "SubIFDs", 700: "XMP",
        33432: "Copyright", 33723: "IPTC", 34665: "ExifIFD", 34853: "GPSInfoIFD", 36867: "DateTimeOriginal",
        36868: "DateTimeDigitized", 37510: "UserComment", 40091: "XPTitle", 40092: "XPComment", 40093: "XPAuthor",
        40094: "XPKeywords", 40095: "XPSubject", 40965: "InteroperabilityIFD", 42016: "ImageUniqueID",
        42032: "CameraOwnerName", 42033: "BodySerialNumber", 65420: "NDPI FileFormat",
        65421: "NDPI SourceLens", 65427: "NDPI SlideLabel", 65442: "NDPI ScannerSerialNumber",
        65449: "NDPI Comments", 65468: "NDPI Barcode",
    ]
    /// Sub-IFD pointers and what to call the directories they lead to.
    static let subDirectories: [UInt16: String] = [330: "SubIFD", 34665: "Exif", 34853: "GPS", 40965: "Interop"]
    /// Text kept in BYTE or UNDEFINED entries: XMP packets, IPTC records, the Exif user comment.
    static let byteText: Set<UInt16> = [700, 33723, 37510]
    static let utf16Text: Set<UInt16> = [40091, 40092, 40093, 40094, 40095]

    func check(path: String, file: String) -> [Finding] {
        guard let handle = BoundedFile(path: path) else { return [unreadable(file, "", "cannot open the file")] }
        return check(handle, file: file)
    }

    func check(_ handle: BoundedFile, file: String) -> [Finding] {
        var reader: TIFFReader
        do { reader = try TIFFReader(handle) } catch let failure as TIFFReader.Failure {
            return [unreadable(file, "", failure.message)]
        } catch { return [unreadable(file, "", "\(error)")] }
        var findings: [Finding] = []
        var visited = Set<UInt64>()
        var entriesSeen = 0
        var textRead: UInt64 = 0
        // Depth first: (offset, label, follows the main chain).
        var pending: [(UInt64, String, Bool)] = [(reader.firstDirectory, "IFD 0", true)]
        var mainIndex = 0
        while let (offset, label, main) = pending.popLast() {
            if offset == 0 { continue }
            guard visited.insert(offset).inserted else {
                // A sub-IFD pointing at a directory already read adds nothing; a chain that does, loops.
                if main { findings.append(unreadable(file, label, "the IFD chain loops back to offset \(offset)")) }
                continue
            }
            guard visited.count <= Self.maxDirectories else {
                return findings + [unreadable(file, label, "more than \(Self.maxDirectories) IFDs")]
            }
            let directory: TIFFReader.Directory
            do {
                var read = try reader.directory(at: offset)
                // IFD 0 tells whether this is NDPI, whose layout differs: read it again as such.
                if label == "IFD 0", !reader.ndpi, read.entries.contains(where: { $0.tag == 65420 }) {
                    reader.ndpi = true
                    read = try reader.directory(at: offset)
                }
                directory = read
            } catch {
                findings.append(unreadable(file, label, (error as? TIFFReader.Failure)?.message ?? "\(error)"))
                continue
            }
            entriesSeen += directory.entries.count
            guard entriesSeen <= Self.maxEntries else {
                return findings + [unreadable(file, label, "more than \(Self.maxEntries) IFD entries in all")]
            }
            var texts: [UInt16: String] = [:]
            var lens: Double?
            for entry in directory.entries {
                let place = "\(label) tag \(entry.tag)" + (Self.tagNames[entry.tag].map { " (\($0))" } ?? "")
                if let kind = Self.subDirectories[entry.tag] {
                    let offsets: [UInt64]
                    do { offsets = try reader.integers(entry, limit: 1 << 20) } catch {
                        findings.append(unreadable(file, place, (error as? TIFFReader.Failure)?.message ?? "\(error)"))
                        continue
                    }
                    for (index, child) in offsets.enumerated().reversed() {
                        pending.append((child, "\(label) \(kind)" + (offsets.count > 1 ? " \(index)" : ""), false))
                    }
                    continue
                }
                if entry.tag == 65421 { lens = reader.firstNumber(entry) }
                let ascii = entry.type == 2
                let bytes = ascii || Self.byteText.contains(entry.tag) && [1, 7].contains(entry.type)
                let utf16 = Self.utf16Text.contains(entry.tag) && [1, 7].contains(entry.type)
                guard bytes || utf16 else { continue }
                guard textRead < Self.maxText else {
                    return findings + [unreadable(file, place, "more than \(Self.maxText >> 20) MiB of text in all")]
                }
                let value: [UInt8]
                do {
                    value = try reader.value(entry, limit: min(Self.maxValue, Self.maxText - textRead))
                } catch {
                    findings.append(unreadable(file, place, (error as? TIFFReader.Failure)?.message ?? "\(error)"))
                    continue
                }
                textRead += UInt64(value.count)
                findings +=
                    utf16
                    ? TextScan.findings(utf16: value, file: file, path: place, place: "a TIFF tag")
                    : TextScan.findings(in: value, file: file, path: place, place: "a TIFF tag")
                if ascii, [270, 65427, 65468].contains(entry.tag) {
                    texts[entry.tag] = String(decoding: value.prefix { $0 != 0 }, as: UTF8.self)
                }
            }
            findings += SlideLabels.findings(
                in: label, description: texts[270], lens: reader.ndpi ? lens : nil,
                labelText: texts[65427] ?? texts[65468],
                file: file)
            if main {
                mainIndex += 1
                pending.append((directory.next, "IFD \(mainIndex)", true))
            } else if directory.next != 0 {
                pending.append((directory.next, "\(label) next", false))
            }
        }
        // Directories without a single entry hold no image and no text: nothing the gate
        // could vouch for (fail-closed).
        if entriesSeen == 0, findings.isEmpty {
            findings.append(unreadable(file, "IFD 0", "no directory entry at all: no image"))
        }
        return findings
    }

    func unreadable(_ file: String, _ path: String, _ why: String) -> Finding {
        Finding(file: file, path: path, rule: "unreadable", message: "TIFF: \(why)")
    }
}
