import Foundation
import PatronCore

/// The customer form as the staff member typed it. Every value stays text, so a refused form comes back
/// exactly as sent; `draft` turns it into the same `CustomerDraft` the JSON API builds, and the domain
/// validates it. Form fields carry the domain's field names, so a `PatronError.invalid(field:)` lands next
/// to the input it names.
struct CustomerFormInput: Sendable {
    /// Personal fields are shown masked and start blank on the edit form: blank keeps the stored value.
    static let personal = ["name", "mobile", "email", "birthday", "address", "wechatUnionId", "wechatOpenId", "notes"]
    /// Personal fields a staff member may empty on purpose with the field's "clear" box.
    static let clearable = personal.filter { $0 != "name" }
    static let text = personal + ["gender", "preferredStoreId", "sourceChannel", "posMemberNumber", "tags"]
    /// Where a consent was collected; the codes are what the consent history keeps.
    static let consentSources = ["store_signup_form", "in_store_verbal", "hotline", "wechat_mini_program", "email_reply"]
    /// The consent choice that records nothing.
    static let unchanged = ""

    var values: [String: String] = [:]
    var lunar = false
    var clear: Set<String> = []
    var consents: [ConsentRecord.Channel: String] = [:]
    var consentSource = ""

    init() {}

    init(_ form: FormData) {
        for field in Self.text { values[field] = form[field] ?? "" }
        lunar = form["birthdayIsLunar"] != nil
        clear = Set(form.all("clear")).intersection(Self.clearable)
        for channel in ConsentRecord.Channel.allCases { consents[channel] = form["consent_\(channel.rawValue)"] ?? Self.unchanged }
        consentSource = form["consentSource"] ?? ""
    }

    /// The edit form's starting values: what staff may see of the stored profile, personal fields left blank.
    init(editing customer: Customer) {
        values["gender"] = customer.gender.rawValue
        values["preferredStoreId"] = customer.preferredStoreId.map { $0.uuidString.lowercased() } ?? ""
        values["posMemberNumber"] = customer.posMemberNumber ?? ""
        values["tags"] = customer.tags.joined(separator: ", ")
        lunar = customer.birthdayIsLunar
    }

    /// A new customer's starting values: joined in store, preferred store the caller's own.
    init(creatingIn homeStore: Store.ID?) {
        values["gender"] = Customer.Gender.unspecified.rawValue
        values["sourceChannel"] = Customer.SourceChannel.store.rawValue
        values["preferredStoreId"] = homeStore.map { $0.uuidString.lowercased() } ?? ""
    }

    func value(_ field: String) -> String { values[field] ?? "" }

    /// Channels with a grant or withdrawal to record, in the order they are shown.
    var consentChanges: [(channel: ConsentRecord.Channel, granted: Bool)] {
        ConsentRecord.Channel.allCases.compactMap { channel in
            switch consents[channel] {
            case "granted": (channel, true)
            case "withdrawn": (channel, false)
            default: nil
            }
        }
    }

    /// Tags as typed: separated by commas, Chinese commas or enumeration commas.
    static func tags(_ text: String) -> [String] {
        text.split(whereSeparator: { ",，、".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The draft to create or update with. On update, a blank personal field keeps its value unless its
    /// "clear" box is ticked; the other fields are shown filled in, so blank there means empty.
    func draft(creating: Bool) throws(PatronError) -> CustomerDraft {
        func given(_ field: String) -> String? { value(field).isEmpty ? nil : value(field) }
        var draft = CustomerDraft(name: given("name"), mobile: given("mobile"), email: given("email"), birthday: given("birthday"),
                                  birthdayIsLunar: lunar, address: given("address"), wechatUnionId: given("wechatUnionId"),
                                  wechatOpenId: given("wechatOpenId"), posMemberNumber: given("posMemberNumber"),
                                  tags: Self.tags(value("tags")), notes: given("notes"))
        guard let gender = Customer.Gender(rawValue: value("gender")) else {
            throw .invalid(field: "gender", message: "unknown gender '\(value("gender"))'")
        }
        draft.gender = gender
        if let store = given("preferredStoreId") {
            guard let id = Console.id(store) else { throw .invalid(field: "preferredStoreId", message: "there is no store \(store)") }
            draft.preferredStoreId = id
        }
        if creating {
            guard let source = Customer.SourceChannel(rawValue: value("sourceChannel")) else {
                throw .invalid(field: "sourceChannel", message: "choose how the customer joined")
            }
            draft.sourceChannel = source
            return draft
        }
        draft.clear = Self.clearable.filter { clear.contains($0) && given($0) == nil }
        if given("preferredStoreId") == nil { draft.clear.append("preferredStoreId") }
        if given("posMemberNumber") == nil { draft.clear.append("posMemberNumber") }
        return draft
    }

    /// A consent choice needs to say where it was collected, checked before anything is written.
    func checkConsents() throws(PatronError) {
        guard !consentChanges.isEmpty else { return }
        guard Self.consentSources.contains(consentSource) else {
            throw .invalid(field: "consentSource", message: "say where the consent was collected")
        }
    }
}
