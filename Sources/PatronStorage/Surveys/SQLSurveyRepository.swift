import Foundation
import PatronCore
import SQLKit

/// Surveys on SQL. Free texts of answers are sealed with the field cipher; an answer, its invitation's new
/// status and the `surveyAnswered` event commit in one transaction.
public struct SQLSurveyRepository: SurveyRepository {
    let database: Database
    let cipher: FieldCipher
    let events: DomainEvents
    /// Answers folded per read while computing results, so memory stays flat however many there are.
    static let resultChunk = 2_000

    public init(_ database: Database, cipher: FieldCipher, events: DomainEvents = .standard) {
        self.database = database
        self.cipher = cipher
        self.events = events
    }

    public func insert(_ template: SurveyTemplate) async throws {
        let columns = try SurveyRows.templateColumns(template)
        try await database.transaction { sql in
            try await sql.insert(into: SurveyRows.templates).columns(["id", "created_at"] + columns.map(\.0))
                .values([SQLBind(template.id), SQLBind(template.createdAt)] + columns.map(\.1)).run()
        }
    }

    public func update(_ template: SurveyTemplate) async throws {
        let columns = try SurveyRows.templateColumns(template)
        try await database.transaction { sql in
            var update = sql.update(SurveyRows.templates)
            for (column, value) in columns { update = update.set(SQLIdentifier(column), to: value) }
            guard try await update.where("id", .equal, template.id).returning("id").first() != nil else {
                throw PatronError.notFound(resource: "survey template", id: template.id.uuidString.lowercased())
            }
        }
    }

    public func template(_ id: SurveyTemplate.ID) async throws -> SurveyTemplate? {
        try await database.read { sql in
            try await sql.select().column("*").from(SurveyRows.templates).where("id", .equal, id).first().map(SurveyRows.template)
        }
    }

    public func templates() async throws -> [SurveyTemplate] {
        try await database.read { sql in
            try await sql.select().column("*").from(SurveyRows.templates).orderBy("active", .descending).orderBy("name").orderBy("id")
                .limit(500).all().map(SurveyRows.template)
        }
    }

    public func insert(_ invitation: SurveyInvitation) async throws {
        try await database.transaction { sql in try await SurveyRows.insert(invitation, on: sql) }
    }

    public func invitations(customer: Customer.ID?, status: SurveyInvitation.Status?, page: PageRequest) async throws -> Page<SurveyInvitation> {
        try await database.read { sql in
            let (rows, next) = try await timeOrderedRows(sql, table: SurveyRows.invitations, timeColumn: "created_at", page: page) { query in
                var query = query
                if let customer { query = query.where("customer_id", .equal, customer) }
                if let status { query = query.where("status", .equal, status.rawValue) }
                return query
            }
            return Page(items: try rows.map(SurveyRows.invitation), nextCursor: next)
        }
    }

    public func due(at now: Date, limit: Int) async throws -> [SurveyInvitation] {
        try await database.read { sql in
            try await sql.select().column("*").from(SurveyRows.invitations).where("status", .equal, SurveyInvitation.Status.pending.rawValue)
                .where("due_at", .lessThanOrEqual, now).where("expires_at", .greaterThan, now)
                .orderBy("due_at").orderBy("id").limit(limit).all().map(SurveyRows.invitation)
        }
    }

    public func expire(at now: Date) async throws -> Int {
        try await database.transaction { sql in
            try await sql.update(SurveyRows.invitations).set("status", to: SurveyInvitation.Status.expired.rawValue)
                .where("status", .in, [SurveyInvitation.Status.pending.rawValue, SurveyInvitation.Status.sent.rawValue])
                .where("expires_at", .lessThanOrEqual, now).returning("id").all().count
        }
    }

    public func markSent(_ id: SurveyInvitation.ID, tokenDigest: String, at: Date) async throws {
        try await database.transaction { sql in
            try await sql.update(SurveyRows.invitations).set("status", to: SurveyInvitation.Status.sent.rawValue)
                .set("token_digest", to: tokenDigest).set("sent_at", to: at).where("id", .equal, id)
                .where("status", .equal, SurveyInvitation.Status.pending.rawValue).run()
        }
    }

    public func markSuppressed(_ id: SurveyInvitation.ID) async throws {
        try await database.transaction { sql in
            try await sql.update(SurveyRows.invitations).set("status", to: SurveyInvitation.Status.suppressedNoConsent.rawValue)
                .where("id", .equal, id).where("status", .equal, SurveyInvitation.Status.pending.rawValue).run()
        }
    }

    public func invitation(tokenDigest: String) async throws -> SurveyInvitation? {
        try await database.read { sql in
            try await sql.select().column("*").from(SurveyRows.invitations).where("token_digest", .equal, tokenDigest).first()
                .map(SurveyRows.invitation)
        }
    }

    public func record(_ answer: SurveyAnswer, notice: SurveyAnswerNotice) async throws -> Bool {
        let (plain, texts) = SurveyRows.split(answer.values)
        let scores = try SurveyRows.encode(plain)
        let sealed = texts.values.allSatisfy(\.isEmpty) ? nil : try cipher.seal(try SurveyRows.encode(texts))
        let events = events
        return try await database.transaction { sql in
            let claimed = try await sql.update(SurveyRows.invitations).set("status", to: SurveyInvitation.Status.answered.rawValue)
                .set("answered_at", to: answer.answeredAt).where("id", .equal, answer.invitationId)
                .where("status", .equal, SurveyInvitation.Status.sent.rawValue).where("expires_at", .greaterThan, answer.answeredAt)
                .returning("id").first()
            guard claimed != nil else { return false }
            try await sql.insert(into: SurveyRows.answers)
                .columns("id", "invitation_id", "template_id", "customer_id", "store_id", "staff_id", "channel", "scores", "comments", "csat", "nps",
                         "low_score", "answered_at")
                .values(SQLBind(answer.id), SQLBind(answer.invitationId), SQLBind(answer.templateId), SQLBind(answer.customerId),
                        SQLBind(answer.storeId), SQLBind(answer.staffId), SQLBind(answer.channel.rawValue), SQLBind(scores), SQLBind(sealed),
                        SQLBind(answer.csat), SQLBind(answer.nps), SQLBind(answer.lowScore), SQLBind(answer.answeredAt))
                .run()
            try await events.publish(.surveyAnswered(notice), on: sql)
            return true
        }
    }

    public func results(_ query: SurveyResultsQuery, withComments: Bool) async throws -> SurveyResults {
        let cipher = cipher
        return try await database.read { sql in
            var overall = SurveyScore()
            var groups: [String: SurveyScore] = [:]
            var after: (Date, UUID)?
            while true {
                var select = sql.select().columns("id", "answered_at", "store_id", "staff_id", "channel", "csat", "nps").from(SurveyRows.answers)
                    .where("answered_at", .greaterThanOrEqual, query.from).where("answered_at", .lessThan, query.to)
                if let templateId = query.templateId { select = select.where("template_id", .equal, templateId) }
                if let (at, id) = after {
                    select = select.where(SQLQueryString("(answered_at, id) > (\(bind: at), \(bind: id))"))
                }
                let rows = try await select.orderBy("answered_at").orderBy("id").limit(Self.resultChunk).all()
                for row in rows {
                    let csat = try row.decode(column: "csat", as: Int?.self)
                    let nps = try row.decode(column: "nps", as: Int?.self)
                    let key = query.key(at: try row.decode(column: "answered_at", as: Date.self), storeId: try row.decode(column: "store_id", as: UUID?.self),
                                        staffId: try row.decode(column: "staff_id", as: UUID?.self), channel: try row.decodeEnum(column: "channel"))
                    overall.add(csat: csat, nps: nps)
                    groups[key, default: SurveyScore()].add(csat: csat, nps: nps)
                }
                guard rows.count == Self.resultChunk, let last = rows.last else { break }
                after = (try last.decode(column: "answered_at", as: Date.self), try last.decode(column: "id", as: UUID.self))
            }
            var comments: [SurveyComment] = []
            if withComments {
                var select = sql.select().column("*").from(SurveyRows.answers).where("comments", .isNot, SQLLiteral.null)
                    .where("answered_at", .greaterThanOrEqual, query.from).where("answered_at", .lessThan, query.to)
                if let templateId = query.templateId { select = select.where("template_id", .equal, templateId) }
                for row in try await select.orderBy("answered_at", .descending).orderBy("id", .descending).limit(query.comments).all() {
                    guard let text = SurveyRows.comment(try SurveyRows.texts(row, cipher: cipher)) else { continue }
                    comments.append(SurveyComment(answerId: try row.decode(column: "id", as: UUID.self), at: try row.decode(column: "answered_at", as: Date.self),
                                                  storeId: try row.decode(column: "store_id", as: UUID?.self),
                                                  staffId: try row.decode(column: "staff_id", as: UUID?.self), channel: try row.decodeEnum(column: "channel"),
                                                  csat: try row.decode(column: "csat", as: Int?.self), nps: try row.decode(column: "nps", as: Int?.self),
                                                  text: text))
                }
            }
            return SurveyResults(overall: overall, groups: groups.sorted { $0.key < $1.key }.map { SurveyResultGroup(key: $0.key, score: $0.value) },
                                 comments: comments)
        }
    }
}
