import DICOM

/// PS3.3 attribute types by SOP class, from the tables generate_iod.py writes into
/// `IODAttributeTypesData` (an early-2020 edition of the standard). Where two modules
/// of an IOD type a tag differently the stronger type wins, whatever the modules'
/// usage (M, C, U): if the module is in the object its Type 1 attributes are
/// required, and a dummy value costs nothing in privacy.
public enum IODAttributeTypes {
    /// The type of `tag` in the IOD of `sopClass`: at the data set's root, or, with
    /// `parent`, within the items of that sequence (typed by parent over all
    /// modules). Nil for an unknown SOP class or an attribute the IOD does not list.
    public static func type(of tag: Tag, sopClass: String, within parent: Tag? = nil) -> AttributeType? {
        let tables = Self.tables
        if let parent {
            // Items are typed independently of the IOD, but only for a known one.
            guard tables.iodOfSOPClass[sopClass] != nil else { return nil }
            return tables.nested[Self.key(Self.normalized(parent), Self.normalized(tag))]
        }
        guard let iod = tables.iodOfSOPClass[sopClass], let types = tables.rootTypes[iod] else { return nil }
        return types[Self.normalized(tag).rawValue]
    }

    /// The IOD's name (e.g. `ct-image`) for a SOP class UID.
    public static func iod(ofSOPClass uid: String) -> String? { tables.iodOfSOPClass[uid] }

    /// Overlay groups 6000–601E (even) share the standard's `60xx` rows.
    static func normalized(_ tag: Tag) -> Tag {
        let group = tag.group
        guard group & 0xFF00 == 0x6000, group & 1 == 0, group <= 0x601E else { return tag }
        return Tag(group: 0x6000, element: tag.element)
    }

    static func key(_ parent: Tag, _ tag: Tag) -> UInt64 { UInt64(parent.rawValue) << 32 | UInt64(tag.rawValue) }

    /// Parsed once, on first use; each IOD's root table merged from its modules.
    static let tables = Tables()

    final class Tables: Sendable {
        let rootTypes: [String: [UInt32: AttributeType]]
        let nested: [UInt64: AttributeType]
        let iodOfSOPClass: [String: String]

        init() {
            var modules: [Substring: [UInt32: AttributeType]] = [:]
            var current: Substring = ""
            for line in IODAttributeTypesData.modules.split(separator: "\n") {
                if line.first == "#" {
                    current = line.dropFirst()
                    modules[current, default: [:]] = [:]
                    continue
                }
                let (tag, type) = Self.row(line)
                modules[current, default: [:]][tag] = type
            }
            var nested: [UInt64: AttributeType] = [:]
            for line in IODAttributeTypesData.nested.split(separator: "\n") {
                let slash = line.firstIndex(of: "/") ?? line.startIndex
                let (tag, type) = Self.row(line[line.index(after: slash)...])
                nested[UInt64(Self.tag(line[..<slash])) << 32 | UInt64(tag)] = type
            }
            var rootTypes: [String: [UInt32: AttributeType]] = [:]
            for line in IODAttributeTypesData.iods.split(separator: "\n") {
                let fields = line.split(separator: "\t")
                var types: [UInt32: AttributeType] = [:]
                for module in fields[1].split(separator: ",") {
                    guard let attributes = modules[module] else {
                        preconditionFailure("IODAttributeTypesData: unknown module \(module)")
                    }
                    types.merge(attributes) { Swift.min($0, $1) }
                }
                rootTypes[String(fields[0])] = types
            }
            var iodOfSOPClass: [String: String] = [:]
            for line in IODAttributeTypesData.sopClasses.split(separator: "\n") {
                let fields = line.split(separator: "\t")
                iodOfSOPClass[String(fields[0])] = String(fields[1])
            }
            self.rootTypes = rootTypes
            self.nested = nested
            self.iodOfSOPClass = iodOfSOPClass
        }

        /// "GGGGEEEE\t1C"; generate_iod.py checks every field, so a failure is a broken build.
        static func row(_ line: Substring) -> (UInt32, AttributeType) {
            let fields = line.split(separator: "\t")
            guard fields.count == 2, let type = AttributeType(rawValue: String(fields[1])) else {
                preconditionFailure("IODAttributeTypesData: bad row \(line)")
            }
            return (tag(fields[0]), type)
        }

        /// Hex digits; the overlay mask `60XX` reads as group 6000.
        static func tag(_ text: Substring) -> UInt32 {
            guard text.count == 8, let value = UInt32(String(text).replacing("XX", with: "00"), radix: 16)
            else { preconditionFailure("IODAttributeTypesData: bad tag \(text)") }
            return value
        }
    }
}
