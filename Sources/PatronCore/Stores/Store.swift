import Foundation

/// A physical shop or an online storefront. Orders, staff and tickets hang off stores, and store-scoped
/// roles act only within one.
public struct Store: Hashable, Sendable, Identifiable {
    public typealias ID = UUID
    public var id: ID
    /// The chain's own short code (e.g. `SH-001`), unique and stable across systems.
    public var code: String
    public var name: String
    public var city: String
    public var region: String
    /// An IANA time zone, so that opening hours and local reports line up.
    public var timeZone: String
    public var isOnline: Bool
    /// Local opening and closing times, `HH:MM`; nil for the web shop or when unknown.
    public var opensAt: String?
    public var closesAt: String?
    public var isActive: Bool
    public var createdAt: Date

    public init(id: ID = UUID(), code: String, name: String, city: String, region: String,
                timeZone: String = "Asia/Shanghai", isOnline: Bool = false, opensAt: String? = nil, closesAt: String? = nil,
                isActive: Bool = true, createdAt: Date = Date()) {
        self.id = id
        self.code = code
        self.name = name
        self.city = city
        self.region = region
        self.timeZone = timeZone
        self.isOnline = isOnline
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.isActive = isActive
        self.createdAt = createdAt
    }

    /// Checks the fields a person types, naming the first one that is wrong.
    public func validate() throws(PatronError) {
        try Validate.text(code, field: "code", maxLength: 32)
        guard code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw .invalid(field: "code", message: "code may contain only ASCII letters, digits, '-' and '_'")
        }
        try Validate.text(name, field: "name", maxLength: 120)
        try Validate.text(city, field: "city", maxLength: 80)
        try Validate.text(region, field: "region", maxLength: 80)
        guard TimeZone(identifier: timeZone) != nil else {
            throw .invalid(field: "timeZone", message: "'\(timeZone)' is not an IANA time zone")
        }
        for (value, field) in [(opensAt, "opensAt"), (closesAt, "closesAt")] {
            guard let value else { continue }
            let parts = value.split(separator: ":")
            guard value.count == 5, parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
                  (0...24).contains(hour), (0...59).contains(minute), hour < 24 || minute == 0 else {
                throw .invalid(field: field, message: "\(field) must be a local time as HH:MM, e.g. 09:30")
            }
        }
        guard (opensAt == nil) == (closesAt == nil) else {
            throw .invalid(field: opensAt == nil ? "opensAt" : "closesAt", message: "give both opening and closing time, or neither")
        }
    }
}
