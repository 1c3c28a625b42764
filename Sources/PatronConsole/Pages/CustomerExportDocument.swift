import Foundation
import PatronCore

/// The download a data-subject access request hands over: everything Patron holds about the person, in
/// clear, with the same keys as the API's `GET /customers/{id}/export` (camelCase, amounts in minor units,
/// times in ISO 8601), so a privacy officer sees one format whichever way the export was made.
struct CustomerExportDocument: Encodable {
    var exportedAt: Date
    var profile: Profile
    var consents: [Consent]
    var orders: [OrderRecord]
    var history: [Change]
    var points: [PointsRecord]
    /// The service modules' records, field for field as in the API's export.
    var interactions: [[String: ExportValue]]
    var tickets: [[String: ExportValue]]
    var surveyAnswers: [[String: ExportValue]]
    /// Care and marketing messages sent to the person (the outbox of issue 21); ticket replies are in `tickets`.
    var messages: [[String: ExportValue]] = []

    init(_ export: CustomerExport, points: [PointsEntry]) {
        exportedAt = export.exportedAt
        profile = Profile(export.profile)
        consents = export.consents.map(Consent.init)
        orders = export.orders.map(OrderRecord.init)
        history = export.history.map(Change.init)
        self.points = points.map(PointsRecord.init)
        interactions = (export.sections[.interactions] ?? []).map(\.fields)
        tickets = (export.sections[.tickets] ?? []).map(\.fields)
        surveyAnswers = (export.sections[.surveyAnswers] ?? []).map(\.fields)
    }

    /// Pretty-printed with sorted keys, so two exports of the same data compare line by line.
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    static func id(_ id: UUID?) -> String? { id?.uuidString.lowercased() }

    struct Profile: Encodable {
        var id: String
        var name: String
        var mobile: String?
        var email: String?
        var gender: String
        var birthday: String?
        var birthdayIsLunar: Bool
        var address: String?
        var preferredStoreId: String?
        var sourceChannel: String
        var wechatUnionId: String?
        var wechatOpenId: String?
        var posMemberNumber: String?
        var tags: [String]
        var notes: String?
        var attributes: [String: AttributeValue]
        var masked = false
        var createdAt: Date
        var updatedAt: Date

        init(_ c: Customer) {
            id = c.id.uuidString.lowercased()
            name = c.name
            mobile = c.mobile?.e164
            email = c.email?.value
            gender = c.gender.rawValue
            birthday = c.birthday?.description
            birthdayIsLunar = c.birthdayIsLunar
            address = c.address
            preferredStoreId = CustomerExportDocument.id(c.preferredStoreId)
            sourceChannel = c.sourceChannel.rawValue
            wechatUnionId = c.wechatUnionId
            wechatOpenId = c.wechatOpenId
            posMemberNumber = c.posMemberNumber
            tags = c.tags
            notes = c.notes
            attributes = c.attributes
            createdAt = c.createdAt
            updatedAt = c.updatedAt
        }
    }

    struct Consent: Encodable {
        var id: String
        var channel: String
        var granted: Bool
        var recordedAt: Date
        var source: String
        var recordedBy: String?

        init(_ record: ConsentRecord) {
            id = record.id.uuidString.lowercased()
            channel = record.channel.rawValue
            granted = record.granted
            recordedAt = record.recordedAt
            source = record.source
            recordedBy = record.recordedBy
        }
    }

    struct OrderRecord: Encodable {
        struct Line: Encodable {
            var sku: String
            var productId: String?
            var quantity: Int
            var unitPrice: Int64
            var discount: Int64
            var total: Int64
        }

        struct PaymentRecord: Encodable {
            var method: String
            var amount: Int64
        }

        var id: String
        var storeId: String
        var posNumber: String
        var channel: String
        var customerId: String?
        var occurredAt: Date
        var currency: String
        var subtotal: Int64
        var orderDiscount: Int64
        var total: Int64
        var status: String
        var salesStaffId: String?
        var exchangeOf: String?
        var lines: [Line]
        var payments: [PaymentRecord]

        init(_ order: Order) {
            id = order.id.uuidString.lowercased()
            storeId = order.storeId.uuidString.lowercased()
            posNumber = order.posNumber
            channel = order.channel.rawValue
            customerId = CustomerExportDocument.id(order.customerId)
            occurredAt = order.occurredAt
            currency = order.currency.rawValue
            subtotal = order.subtotalMinor
            orderDiscount = order.orderDiscountMinor
            total = order.totalMinor
            status = order.status.rawValue
            salesStaffId = CustomerExportDocument.id(order.salesStaffId)
            exchangeOf = CustomerExportDocument.id(order.exchangeOf)
            lines = order.lines.map {
                Line(sku: $0.sku, productId: CustomerExportDocument.id($0.productId), quantity: $0.quantity, unitPrice: $0.unitPriceMinor,
                     discount: $0.discountMinor, total: $0.totalMinor)
            }
            payments = order.payments.map { PaymentRecord(method: $0.method.rawValue, amount: $0.amountMinor) }
        }
    }

    struct Change: Encodable {
        var id: String
        var at: Date
        var actorKind: String
        var actorName: String?
        var channel: String
        var field: String
        var oldValue: String?
        var newValue: String?

        init(_ change: CustomerChange) {
            id = change.id.uuidString.lowercased()
            at = change.at
            actorKind = change.actor.kind.rawValue
            actorName = change.actor.name
            channel = change.channel
            field = change.field
            oldValue = change.oldValue
            newValue = change.newValue
        }
    }

    struct PointsRecord: Encodable {
        var sequence: Int
        var kind: String
        var points: Int64
        var at: Date
        var orderId: String?
        var returnId: String?
        var shortfall: Int64
        var balanceAfter: Int64
        var note: String

        init(_ entry: PointsEntry) {
            sequence = entry.sequence
            kind = entry.kind.rawValue
            points = entry.points
            at = entry.at
            orderId = CustomerExportDocument.id(entry.orderId)
            returnId = CustomerExportDocument.id(entry.returnId)
            shortfall = entry.shortfall
            balanceAfter = entry.balanceAfter
            note = entry.note
        }
    }
}
