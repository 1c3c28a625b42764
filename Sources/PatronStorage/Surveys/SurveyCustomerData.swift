import Foundation
import PatronCore
import SQLKit

/// Surveys' part of the data-subject rules. A merge moves invitations and answers to the survivor. An erase
/// deletes the comments and unanswered invitations and unlinks the answers, whose scores stay for the
/// store's and staff's counts without anyone behind them. The export lists the answers with their texts.
struct SurveyCustomerData: CustomerDataParticipant {
    let cipher: FieldCipher

    func merge(_ duplicate: Customer.ID, into survivor: Customer.ID, on sql: any SQLDatabase) async throws {
        for table in [SurveyRows.invitations, SurveyRows.answers] {
            try await sql.update(table).set("customer_id", to: survivor).where("customer_id", .equal, duplicate).run()
        }
    }

    func erase(_ customer: Customer.ID, on sql: any SQLDatabase) async throws {
        try await sql.update(SurveyRows.answers).set("customer_id", to: SQLLiteral.null).set("comments", to: SQLLiteral.null)
            .where("customer_id", .equal, customer).run()
        try await sql.delete(from: SurveyRows.invitations).where("customer_id", .equal, customer)
            .where("status", .notEqual, SurveyInvitation.Status.answered.rawValue).run()
        try await sql.update(SurveyRows.invitations).set("customer_id", to: SQLLiteral.null).set("token_digest", to: SQLLiteral.null)
            .where("customer_id", .equal, customer).run()
    }

    func export(_ customer: Customer.ID, on sql: any SQLDatabase) async throws -> [CustomerExport.Section: [ExportRecord]] {
        let rows = try await sql.select().column("*").from(SurveyRows.answers).where("customer_id", .equal, customer)
            .orderBy("answered_at").orderBy("id").all()
        var records: [ExportRecord] = []
        for row in rows {
            var fields: [String: ExportValue] = [
                "id": .text(try row.decode(column: "id", as: UUID.self).uuidString.lowercased()),
                "templateId": .text(try row.decode(column: "template_id", as: UUID.self).uuidString.lowercased()),
                "channel": .text(try row.decode(column: "channel", as: String.self)),
                "answeredAt": .time(try row.decode(column: "answered_at", as: Date.self)),
                "csat": try row.decode(column: "csat", as: Int?.self).map { .integer(Int64($0)) } ?? .null,
                "nps": try row.decode(column: "nps", as: Int?.self).map { .integer(Int64($0)) } ?? .null,
            ]
            for (key, value) in try SurveyRows.values(row, cipher: cipher) {
                switch value {
                case .score(let score): fields["answer.\(key)"] = .integer(Int64(score))
                case .choice(let choice), .text(let choice): fields["answer.\(key)"] = .text(choice)
                }
            }
            records.append(ExportRecord(fields))
        }
        return records.isEmpty ? [:] : [.surveyAnswers: records]
    }
}
