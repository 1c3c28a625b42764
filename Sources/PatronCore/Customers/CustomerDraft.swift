import Foundation

/// Profile fields as a person or an integration sends them: raw, unvalidated, each optional so the same
/// type serves creation and partial updates. `clear` names fields to empty on update.
public struct CustomerDraft: Sendable, Equatable {
    public var name: String?
    public var mobile: String?
    public var email: String?
    public var gender: Customer.Gender?
    public var birthday: String?
    public var birthdayIsLunar: Bool?
    public var address: String?
    public var preferredStoreId: Store.ID?
    public var sourceChannel: Customer.SourceChannel?
    public var wechatUnionId: String?
    public var wechatOpenId: String?
    public var posMemberNumber: String?
    public var tags: [String]?
    public var notes: String?
    public var attributes: [String: AttributeValue]?
    public var clear: [String]

    public static let clearable: Set<String> = ["mobile", "email", "birthday", "address", "preferredStoreId", "wechatUnionId",
                                                "wechatOpenId", "posMemberNumber", "notes"]

    public init(name: String? = nil, mobile: String? = nil, email: String? = nil, gender: Customer.Gender? = nil,
                birthday: String? = nil, birthdayIsLunar: Bool? = nil, address: String? = nil, preferredStoreId: Store.ID? = nil,
                sourceChannel: Customer.SourceChannel? = nil, wechatUnionId: String? = nil, wechatOpenId: String? = nil,
                posMemberNumber: String? = nil, tags: [String]? = nil, notes: String? = nil,
                attributes: [String: AttributeValue]? = nil, clear: [String] = []) {
        self.name = name
        self.mobile = mobile
        self.email = email
        self.gender = gender
        self.birthday = birthday
        self.birthdayIsLunar = birthdayIsLunar
        self.address = address
        self.preferredStoreId = preferredStoreId
        self.sourceChannel = sourceChannel
        self.wechatUnionId = wechatUnionId
        self.wechatOpenId = wechatOpenId
        self.posMemberNumber = posMemberNumber
        self.tags = tags
        self.notes = notes
        self.attributes = attributes
        self.clear = clear
    }

    /// A new profile from this draft; name and source channel are required.
    public func makeCustomer(id: Customer.ID = UUID(), now: Date = Date()) throws(PatronError) -> Customer {
        guard let name else { throw .invalid(field: "name", message: "name is required") }
        guard let sourceChannel else { throw .invalid(field: "sourceChannel", message: "sourceChannel is required") }
        var customer = Customer(id: id, name: name, mobile: nil, sourceChannel: sourceChannel, createdAt: now)
        try apply(to: &customer)
        return customer
    }

    /// Applies the given fields (and clears) to an existing profile.
    public func apply(to customer: inout Customer) throws(PatronError) {
        for field in clear where !Self.clearable.contains(field) {
            throw .invalid(field: "clear", message: "\(field) cannot be cleared")
        }
        if let name { customer.name = name.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let mobile { customer.mobile = try MobileNumber(mobile) }
        if let email { customer.email = try EmailAddress(email) }
        if let gender { customer.gender = gender }
        if let birthday { customer.birthday = try CalendarDay(iso: birthday) }
        if let birthdayIsLunar { customer.birthdayIsLunar = birthdayIsLunar }
        if let address { customer.address = address.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let preferredStoreId { customer.preferredStoreId = preferredStoreId }
        if let sourceChannel, customer.sourceChannel != sourceChannel, customer.createdAt == customer.updatedAt {
            customer.sourceChannel = sourceChannel
        }
        if let wechatUnionId { customer.wechatUnionId = wechatUnionId }
        if let wechatOpenId { customer.wechatOpenId = wechatOpenId }
        if let posMemberNumber { customer.posMemberNumber = posMemberNumber }
        if let tags {
            var seen = Set<String>()
            customer.tags = tags.map { $0.trimmingCharacters(in: .whitespaces) }.filter { seen.insert($0).inserted }.sorted()
        }
        if let notes { customer.notes = notes }
        if let attributes { customer.attributes.merge(attributes) { $1 } }
        for field in clear {
            switch field {
            case "mobile": customer.mobile = nil
            case "email": customer.email = nil
            case "birthday": customer.birthday = nil
            case "address": customer.address = nil
            case "preferredStoreId": customer.preferredStoreId = nil
            case "wechatUnionId": customer.wechatUnionId = nil
            case "wechatOpenId": customer.wechatOpenId = nil
            case "posMemberNumber": customer.posMemberNumber = nil
            default: customer.notes = nil
            }
        }
    }
}
