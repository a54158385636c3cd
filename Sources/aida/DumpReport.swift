import DICOM

/// A file that could not be read, as one stderr line.
struct DumpReport: Error, CustomStringConvertible {
    let description: String

    init(path: String, error: DICOMError, json: Bool, warning: Bool = false) {
        if json {
            var fields = JSONFields()
            fields.add("file", path)
            fields.add(warning ? "warning" : "error", error.code)
            fields.add("path", error.path.description)
            fields.add("offset", error.offset)
            fields.add("message", error.message)
            description = fields.text
        } else {
            let label = warning ? "warning" : "error"
            // A file that could not be read has no element to point at.
            let location = error.code == "io" ? "" : "\(error.path) at offset \(error.offset): "
            description = "aida: \(label): \(path): \(location)\(error.message)"
        }
    }

    init(path: String, message: String, json: Bool) {
        description =
            json
            ? "{\"file\":\(JSONFields.quote(path)),\"message\":\(JSONFields.quote(message))}"
            : "aida: error: \(path): \(message)"
    }
}
