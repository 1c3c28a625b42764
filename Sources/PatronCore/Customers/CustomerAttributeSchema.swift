import Foundation

/// The extra profile attributes a chain has decided it needs, and nothing else: an attribute that is not in
/// the schema is refused (minimum-necessary principle). Kept in settings, editable with `settings.manage`.
public struct CustomerAttributeSchema: Hashable, Sendable, Codable {
    public var attributes: [Definition]

    public init(attributes: [Definition]) { self.attributes = attributes }

    public struct Definition: Hashable, Sendable, Codable {
        public var name: String
        public var type: Kind
        public var labelZh: String
        public var labelEn: String
        /// For strings: the allowed values, if the list is closed.
        public var allowed: [String]?
        public var maxLength: Int?

        public init(name: String, type: Kind, labelZh: String, labelEn: String, allowed: [String]? = nil, maxLength: Int? = nil) {
            self.name = name
            self.type = type
            self.labelZh = labelZh
            self.labelEn = labelEn
            self.allowed = allowed
            self.maxLength = maxLength
        }

        public enum Kind: String, Hashable, Sendable, Codable { case string, integer, boolean }
    }

    public static let defaults = CustomerAttributeSchema(attributes: [
        .init(name: "clothingSize", type: .string, labelZh: "服装尺码", labelEn: "Clothing size", allowed: ["XS", "S", "M", "L", "XL", "XXL"]),
        .init(name: "shoeSize", type: .integer, labelZh: "鞋码", labelEn: "Shoe size"),
        .init(name: "skinType", type: .string, labelZh: "肤质", labelEn: "Skin type", allowed: ["dry", "oily", "combination", "normal", "sensitive"]),
        .init(name: "prefersPaperReceipt", type: .boolean, labelZh: "需要纸质小票", labelEn: "Prefers paper receipt"),
    ])

    public func validate(_ values: [String: AttributeValue]) throws(PatronError) {
        for (name, value) in values {
            guard let definition = attributes.first(where: { $0.name == name }) else {
                throw .invalid(field: "attributes.\(name)", message: "'\(name)' is not a configured customer attribute")
            }
            switch (definition.type, value) {
            case (.string, .string(let text)):
                if let allowed = definition.allowed, !allowed.contains(text) {
                    throw .invalid(field: "attributes.\(name)", message: "\(name) must be one of \(allowed.joined(separator: ", "))")
                }
                if text.count > (definition.maxLength ?? 200) {
                    throw .invalid(field: "attributes.\(name)", message: "\(name) is too long")
                }
            case (.integer, .integer(let number)):
                try Limits.check(Int64(number), in: -Limits.moneyMinor.upperBound...Limits.moneyMinor.upperBound, field: "attributes.\(name)")
            case (.boolean, .boolean):
                break
            default:
                throw .invalid(field: "attributes.\(name)", message: "\(name) must be a \(definition.type.rawValue)")
            }
        }
    }

    public func validateDefinitions() throws(PatronError) {
        guard attributes.count <= 50 else { throw .invalid(field: "attributes", message: "at most 50 attributes") }
        var seen = Set<String>()
        for definition in attributes {
            if let maxLength = definition.maxLength { try Limits.check(maxLength, in: 1...2_000, field: "attributes.\(definition.name).maxLength") }
            guard (1...40).contains(definition.name.count), definition.name.first?.isLetter == true,
                  definition.name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                throw .invalid(field: "attributes", message: "attribute names are 1–40 ASCII letters or digits, starting with a letter")
            }
            guard seen.insert(definition.name).inserted else {
                throw .invalid(field: "attributes", message: "attribute \(definition.name) is defined twice")
            }
        }
    }
}

/// A value of an extra attribute.
public enum AttributeValue: Hashable, Sendable, Codable {
    case string(String), integer(Int), boolean(Bool)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let bool = try? container.decode(Bool.self) { self = .boolean(bool) }
        else if let int = try? container.decode(Int.self) { self = .integer(int) }
        else { self = .string(try container.decode(String.self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .boolean(let value): try container.encode(value)
        }
    }
}
