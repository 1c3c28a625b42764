import Foundation

/// A profile as one caller may see it: personal fields in clear after a reveal, masked otherwise.
public struct CustomerView: Sendable, Equatable {
    public var customer: Customer
    public var masked: Bool
    public var name: String
    public var mobile: String?
    public var email: String?
    public var birthday: String?
    public var address: String?
    public var wechatUnionId: String?
    public var wechatOpenId: String?
    public var posMemberNumber: String?
    public var notes: String?

    public static func masked(_ c: Customer) -> CustomerView {
        CustomerView(customer: c, masked: true, name: Masking.name(c.name), mobile: c.mobile.map(Masking.mobile),
                     email: c.email.map(Masking.email), birthday: c.birthday.map(Masking.birthday),
                     address: c.address.map(Masking.address), wechatUnionId: c.wechatUnionId.map(Masking.identifier),
                     wechatOpenId: c.wechatOpenId.map(Masking.identifier), posMemberNumber: c.posMemberNumber,
                     notes: c.notes == nil ? nil : "****")
    }

    public static func clear(_ c: Customer) -> CustomerView {
        CustomerView(customer: c, masked: false, name: c.name, mobile: c.mobile?.e164, email: c.email?.value,
                     birthday: c.birthday?.description, address: c.address, wechatUnionId: c.wechatUnionId,
                     wechatOpenId: c.wechatOpenId, posMemberNumber: c.posMemberNumber, notes: c.notes)
    }

    /// Personal fields that a reveal discloses, named as in the API.
    public static let personalFields = ["name", "mobile", "email", "birthday", "address", "wechatUnionId", "wechatOpenId", "notes"]
}

/// Everything Patron holds about one person, for a data-subject access request (PIPL art. 45, GDPR art. 15).
/// Kinds of records that later modules add (points, interactions, tickets, surveys, messages) join here.
public struct CustomerExport: Sendable {
    public var exportedAt: Date
    public var profile: Customer
    public var consents: [ConsentRecord]
    public var orders: [Order]
    public var history: [CustomerChange]
}
