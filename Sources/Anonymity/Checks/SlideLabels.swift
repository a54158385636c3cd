import Foundation

/// Whole-slide images carry, besides the tissue, a photograph of the glass slide's
/// label (handwriting, a printed name or case number, a barcode) and a "macro" image
/// of the whole slide, label included. No text check can read a photograph, so these
/// are refused, found the way OpenSlide finds them:
/// - Aperio: the ImageDescription's second line starts with "label" or "macro"
///   ("Aperio Image Library v12\r\nlabel 387x463"); Philips and Ventana put "Label",
///   "Macro" or "Label Image" on its first line;
/// - Hamamatsu NDPI: source lens (tag 65421) -1 is the macro, -2 the slide map;
/// - Philips: the XML in IFD 0 embeds LABELIMAGE and MACROIMAGE as base64 JPEG;
/// - Leica SCN: an image whose view covers the whole collection is the macro;
/// - OME-XML (e.g. Bio-Formats conversions): an Image named "label …" or "macro …".
/// The label's text as the scanner read it (NDPI tags 65427 and 65468, the Leica
/// barcode, an Aperio "Barcode" key) is refused too: it is what the label says.
enum SlideLabels {
    static func findings(in ifd: String, description: String?, lens: Double?, labelText: String?, file: String)
        -> [Finding]
    {
        var findings: [Finding] = []
        let place = "\(ifd) tag 270 (ImageDescription)"
        func refuse(_ rule: String, _ path: String, _ message: String, _ value: String = "") {
            findings.append(Finding(file: file, path: path, rule: rule, message: message, value: Finding.mask(value)))
        }
        if let lens, lens == -1 || lens == -2 {
            refuse(
                "wsi-macro-image", "\(ifd) tag 65421 (NDPI SourceLens)",
                "a Hamamatsu \(lens == -1 ? "macro image" : "slide map") (source lens \(Int(lens))): a picture of the whole slide, its label included"
            )
        }
        if let labelText, !labelText.trimmingCharacters(in: .whitespaces).isEmpty {
            refuse("wsi-label-text", ifd, "the slide label's text or barcode as the scanner read it", labelText)
        }
        guard let description else { return findings }
        let lines = description.split(whereSeparator: \.isNewline).prefix(2)
        for line in lines {
            let word = line.split(whereSeparator: { $0.isWhitespace || $0 == "_" }).first?.lowercased()
            if word == "label" || word == "macro" {
                refuse(
                    "wsi-\(word!)-image", place,
                    "a whole-slide \(word!) image (ImageDescription \"\(word!) …\"): a picture of the slide"
                        + (word == "label" ? "'s label" : ", its label included"), String(line))
            }
        }
        if description.contains("PIM_DP_IMAGE_TYPE") {
            for (type, rule) in [("LABELIMAGE", "wsi-label-image"), ("MACROIMAGE", "wsi-macro-image")]
            where description.contains(">\(type)<") {
                refuse(rule, place, "a Philips \(type) embedded in the XML (base64 JPEG)")
            }
        }
        if description.contains("<scn") { findings += leica(description, place: place, file: file) }
        if description.contains("<OME") {
            for image in elements("Image", in: description) {
                let name = attributes(image)["Name"] ?? ""
                let word = name.split(whereSeparator: { $0.isWhitespace || $0 == "_" }).first?.lowercased()
                if word == "label" || word == "macro" {
                    refuse("wsi-\(word!)-image", place, "an OME image named \"\(word!) …\"", name)
                }
            }
        }
        if description.hasPrefix("Aperio"), let barcode = aperioValue("Barcode", in: description), !barcode.isEmpty {
            refuse("wsi-label-text", place, "the slide label's barcode (Aperio \"Barcode\")", barcode)
        }
        return findings
    }

    /// Leica SCN: the collection's size, each image's view; a view at (0, 0) the
    /// size of the collection is the macro image. The barcode is the label's text.
    static func leica(_ xml: String, place: String, file: String) -> [Finding] {
        var findings: [Finding] = []
        guard let collection = elements("collection", in: xml).first.map(attributes) else { return [] }
        for (index, image) in elements("image", in: xml).enumerated() {
            guard let view = image.range(of: "<view").map({ String(image[$0.lowerBound...]) }) else { continue }
            let at = attributes(view)
            if at["offsetX"] == "0", at["offsetY"] == "0", at["sizeX"] != nil, at["sizeX"] == collection["sizeX"],
                at["sizeY"] == collection["sizeY"]
            {
                findings.append(
                    Finding(
                        file: file, path: place, rule: "wsi-macro-image",
                        message: "Leica SCN image \(index) is the macro image (its view covers the whole slide)"))
            }
        }
        if let start = xml.range(of: "<barcode>"),
            let end = xml.range(of: "</barcode>", range: start.upperBound..<xml.endIndex)
        {
            let barcode = xml[start.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
            if !barcode.isEmpty {
                findings.append(
                    Finding(
                        file: file, path: place, rule: "wsi-label-text",
                        message: "the slide label's barcode (Leica <barcode>)", value: Finding.mask(barcode)))
            }
        }
        return findings
    }

    /// The text from each `<name` (a tag of that name, not a longer one) to the next
    /// start of the same tag or the end: enough to read its attributes and children.
    static func elements(_ name: String, in xml: String) -> [Substring] {
        var starts: [String.Index] = []
        var searchFrom = xml.startIndex
        while let found = xml.range(of: "<\(name)", range: searchFrom..<xml.endIndex) {
            searchFrom = found.upperBound
            if let next = xml[found.upperBound...].first, next.isWhitespace || next == ">" || next == "/" {
                starts.append(found.lowerBound)
            }
        }
        return starts.enumerated().map { index, start in
            xml[start..<(index + 1 < starts.count ? starts[index + 1] : xml.endIndex)]
        }
    }

    /// `key="value"` pairs of the first tag in `element`.
    static func attributes(_ element: some StringProtocol) -> [String: String] {
        // Split at quotes: even pieces end with `key=`, odd pieces are values.
        let parts = element.prefix { $0 != ">" }.split(separator: "\"", omittingEmptySubsequences: false)
        var result: [String: String] = [:]
        for index in stride(from: 0, to: parts.count - 1, by: 2) {
            let key = parts[index].split(whereSeparator: \.isWhitespace).last ?? ""
            if key.hasSuffix("=") { result[String(key.dropLast())] = String(parts[index + 1]) }
        }
        return result
    }

    /// Aperio keeps key = value pairs after `|` in its ImageDescription.
    static func aperioValue(_ key: String, in description: String) -> String? {
        for pair in description.split(separator: "|").dropFirst() {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key {
                return parts[1].trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return nil
    }
}
