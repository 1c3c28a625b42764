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

    /// What a reveal of `fields` shows: those personal fields in clear, every other one masked, and `masked`
    /// set while any personal field stays hidden. Nil `fields` reveals them all.
    public static func revealed(_ c: Customer, fields: [String]?) -> CustomerView {
        let fields = Set(fields ?? personalFields)
        let clear = clear(c)
        var view = masked(c)
        if fields.contains("name") { view.name = clear.name }
        if fields.contains("mobile") { view.mobile = clear.mobile }
        if fields.contains("email") { view.email = clear.email }
        if fields.contains("birthday") { view.birthday = clear.birthday }
        if fields.contains("address") { view.address = clear.address }
        if fields.contains("wechatUnionId") { view.wechatUnionId = clear.wechatUnionId }
        if fields.contains("wechatOpenId") { view.wechatOpenId = clear.wechatOpenId }
        if fields.contains("notes") { view.notes = clear.notes }
        view.masked = fields.count < personalFields.count
        return view
    }

    /// Personal fields that a reveal discloses, named as in the API.
    public static let personalFields = ["name", "mobile", "email", "birthday", "address", "wechatUnionId", "wechatOpenId", "notes"]
}
