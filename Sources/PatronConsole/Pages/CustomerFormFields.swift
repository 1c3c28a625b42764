import Foundation
import PatronCore
import PatronStorage

/// The inputs of the customer form in display order, each a dictionary the template draws by its kind
/// (`isText`, `isSelect`, `isTextarea`, `isCheckbox`). On the edit form a personal field shows its masked
/// current value beside an empty input.
extension Console {
    func customerFormFields(_ input: CustomerFormInput, view: CustomerView?, stores: [Store], error: FieldError?,
                            _ console: ConsoleRequest) -> [[String: Any]] {
        let editing = view != nil
        let current: [String: String?] = view.map {
            ["name": $0.name, "mobile": $0.mobile, "email": $0.email, "birthday": $0.birthday, "address": $0.address,
             "wechatUnionId": $0.wechatUnionId, "wechatOpenId": $0.wechatOpenId, "notes": $0.notes]
        } ?? [:]

        func field(_ name: String, _ labelKey: String, _ kind: [String: Any], hint: Bool = false) -> [String: Any] {
            var field: [String: Any] = kind
            field["name"] = name
            field["elementId"] = "field-\(name)"
            field["label"] = text(labelKey, console)
            if field["value"] == nil { field["value"] = input.value(name) }
            if hint { field["hint"] = text("customer_form.hint.\(name)", console) }
            if let now = current[name] ?? nil, !now.isEmpty { field["current"] = text("customer_form.now", console, ["value": now]) }
            if editing, CustomerFormInput.clearable.contains(name) {
                field["clearable"] = true
                field["cleared"] = input.clear.contains(name)
            }
            if let error, error.field == name {
                field["error"] = error.message
                if let existing = error.existingId { field["existing"] = existing }
            }
            return field
        }
        func textInput(_ type: String, max: Int, mode: String? = nil, required: Bool = false) -> [String: Any] {
            var kind: [String: Any] = ["isText": true, "type": type, "max": max, "required": required]
            if let mode { kind["inputmode"] = mode }
            return kind
        }
        func select(_ options: [(value: String, label: String)], selected: String) -> [String: Any] {
            ["isSelect": true, "options": options.map { ["value": $0.value, "label": $0.label, "selected": $0.value == selected] }]
        }

        var storeChoices = [("", text("customer_form.no_store", console))] + stores.map { ($0.id.uuidString.lowercased(), $0.name) }
        let chosenStore = input.value("preferredStoreId")
        if !chosenStore.isEmpty, !storeChoices.contains(where: { $0.0 == chosenStore }) { storeChoices.append((chosenStore, chosenStore)) }

        var fields = [
            field("name", "customer.field.name", textInput("text", max: 60, required: !editing)),
            field("mobile", "customer.field.mobile", textInput("tel", max: 20, mode: "tel"), hint: true),
            field("email", "customer.field.email", textInput("email", max: 254)),
            field("gender", "customer.field.gender",
                  select(Customer.Gender.allCases.map { ($0.rawValue, text("gender.\($0.rawValue)", console)) }, selected: input.value("gender"))),
            field("birthday", "customer.field.birthday", textInput("date", max: 10), hint: true),
            field("birthdayIsLunar", "customer_form.lunar", ["isCheckbox": true, "checked": input.lunar]),
            field("address", "customer.field.address", textInput("text", max: 300)),
            field("preferredStoreId", "customer.field.store", select(storeChoices, selected: chosenStore)),
        ]
        if !editing {
            fields.append(field("sourceChannel", "customer.field.source",
                                select(Customer.SourceChannel.allCases.map { ($0.rawValue, text("source_channel.\($0.rawValue)", console)) },
                                       selected: input.value("sourceChannel"))))
        }
        fields += [
            field("wechatUnionId", "customer_form.wechat_union", textInput("text", max: 64), hint: true),
            field("wechatOpenId", "customer_form.wechat_open", textInput("text", max: 64)),
            field("posMemberNumber", "customer.field.pos_member", textInput("text", max: 64)),
            field("tags", "customer.field.tags", textInput("text", max: 1_000), hint: true),
            field("notes", "customer.field.notes", ["isTextarea": true, "max": 2_000]),
        ]
        return fields
    }
}
