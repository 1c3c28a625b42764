import Foundation

/// An anonymous suggestion from the public box. Nobody is behind it unless they left a contact for a reply;
/// that contact is personal data (stored sealed, never logged) and the text is sealed too, since people
/// write names and numbers into free text.
public struct Suggestion: Sendable, Equatable, Identifiable {
    public typealias ID = UUID

    public enum Category: String, Sendable, CaseIterable {
        case product, service, store
        case websiteApp = "website_app"
        case other
    }

    public enum Status: String, Sendable, CaseIterable {
        case received
        case inReview = "in_review"
        /// Handed to the department that can act.
        case routed
        /// A public reply was given.
        case answered
        case closed
        case rejected
    }

    public static let textLength = 10...2_000

    public var id: ID
    public var text: String
    public var category: Category
    public var storeId: Store.ID?
    public var contact: SuggestionContact?
    public var status: Status
    public var department: StaffMember.Department?
    /// Shown to the submitter on the status page, and sent to the contact if one was left.
    public var publicReply: String?
    public var replySent: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: ID = UUID(), text: String, category: Category, storeId: Store.ID?, contact: SuggestionContact?, status: Status = .received,
                department: StaffMember.Department? = nil, publicReply: String? = nil, replySent: Bool = false, createdAt: Date, updatedAt: Date? = nil) {
        self.id = id
        self.text = text
        self.category = category
        self.storeId = storeId
        self.contact = contact
        self.status = status
        self.department = department
        self.publicReply = publicReply
        self.replySent = replySent
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}

/// Where a reply may go: the one address the submitter chose to leave for it.
public enum SuggestionContact: Sendable, Equatable {
    case mobile(MobileNumber)
    case email(EmailAddress)

    /// A mobile number (+86 or 11 digits) or an e-mail address, recognised by the `@`.
    public init(parsing raw: String) throws(PatronError) {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        do {
            if trimmed.contains("@") { self = .email(try EmailAddress(trimmed)) } else { self = .mobile(try MobileNumber(trimmed)) }
        } catch {
            throw .invalid(field: "contact", message: "contact must be a mobile number or an e-mail address")
        }
    }

    public var value: String {
        switch self {
        case .mobile(let number): number.e164
        case .email(let address): address.value
        }
    }

    public var channel: OutboundMessage.Channel {
        switch self {
        case .mobile: .sms
        case .email: .email
        }
    }

    /// What moderators see in lists: enough to tell contacts apart, not to use them.
    public var masked: String {
        switch self {
        case .mobile(let number): "•••• \(number.lastFour)"
        case .email(let address): "\(address.value.prefix(1))•••@\(address.value.split(separator: "@").last ?? "")"
        }
    }
}

/// What the public form sends.
public struct SuggestionDraft: Sendable, Equatable {
    public var text: String
    public var category: Suggestion.Category
    public var storeId: Store.ID?
    public var contact: String?

    public init(text: String, category: Suggestion.Category, storeId: Store.ID? = nil, contact: String? = nil) {
        self.text = text
        self.category = category
        self.storeId = storeId
        self.contact = contact
    }
}

/// A submission's receipt: the code to look its status up with, shown once.
public struct SuggestionReceipt: Sendable, Equatable {
    public var code: String
    public var status: Suggestion.Status
    public var createdAt: Date

    public init(code: String, status: Suggestion.Status, createdAt: Date) {
        self.code = code
        self.status = status
        self.createdAt = createdAt
    }
}

/// What the submitter sees by code: the status and the public reply, nothing of the text or contact.
public struct SuggestionStatusView: Sendable, Equatable {
    public var status: Suggestion.Status
    public var category: Suggestion.Category
    public var publicReply: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(status: Suggestion.Status, category: Suggestion.Category, publicReply: String?, createdAt: Date, updatedAt: Date) {
        self.status = status
        self.category = category
        self.publicReply = publicReply
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A moderator's change; nil fields stay as they are.
public struct SuggestionChange: Sendable, Equatable {
    public var status: Suggestion.Status?
    public var department: StaffMember.Department?
    public var publicReply: String?

    public init(status: Suggestion.Status? = nil, department: StaffMember.Department? = nil, publicReply: String? = nil) {
        self.status = status
        self.department = department
        self.publicReply = publicReply
    }
}

public struct SuggestionFilter: Sendable, Equatable {
    public var status: Suggestion.Status?
    public var category: Suggestion.Category?
    public var department: StaffMember.Department?

    public init(status: Suggestion.Status? = nil, category: Suggestion.Category? = nil, department: StaffMember.Department? = nil) {
        self.status = status
        self.category = category
        self.department = department
    }
}
