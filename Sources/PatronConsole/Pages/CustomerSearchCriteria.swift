import Foundation
import PatronCore

/// How staff find a customer by phone: the full mobile, or its last four digits together with the start of
/// the name (four digits alone match too many people). Shared by the customer list and the merge finder so
/// both accept and refuse the same input.
extension Console {
    /// Fills `query` from the phone and name typed; errors are keyed `phone` and `name`.
    func applyPhoneAndName(phone rawPhone: String?, name: String?, to query: inout CustomerQuery,
                           _ console: ConsoleRequest) -> [String: String] {
        var errors: [String: String] = [:]
        if let phone = rawPhone.map({ $0.filter { !$0.isWhitespace && $0 != "-" } }) {
            if phone.count == 4, phone.allSatisfy(\.isNumber) {
                query.mobileLastFour = phone
            } else if let mobile = try? MobileNumber(phone) {
                query.mobile = mobile
            } else {
                errors["phone"] = text("customers.phone_invalid", console)
            }
        }
        query.namePrefix = name
        if query.mobileLastFour != nil, query.namePrefix == nil {
            errors["name"] = text("customers.last4_needs_name", console)
        }
        return errors
    }
}
