import Foundation
import OpenAPIRuntime
import PatronCore
import PatronOpenAPI
import PatronStorage

extension APIHandler {
    func listCustomers(_ input: Operations.ListCustomers.Input) async throws -> Operations.ListCustomers.Output {
        let q = input.query
        let query = CustomerQuery(namePrefix: q.name, mobile: try q.mobile.map { try MobileNumber($0) },
                                  mobileLastFour: q.mobileLast4, email: try q.email.map { try EmailAddress($0) },
                                  wechatUnionId: q.wechatUnionId, posMemberNumber: q.posMemberNumber, tag: q.tag,
                                  storeId: try q.storeId.map { try uuid($0, field: "storeId") }, tier: q.tier,
                                  personas: try (q.persona ?? []).map { try PersonaTag(parsing: $0) })
        let page = try await services.customers.search(query, page: PageRequest(cursor: q.cursor, limit: q.limit), by: caller)
        return .ok(.init(body: .json(.init(items: page.items.map { .init(.masked($0)) }, nextCursor: page.nextCursor))))
    }

    func createCustomer(_ input: Operations.CreateCustomer.Input) async throws -> Operations.CreateCustomer.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        switch try await services.customers.create(try draft(.init(body)), upsert: input.query.upsert ?? false, by: caller, requestId: requestId) {
        case .created(let customer): return .created(.init(body: .json(.init(.masked(customer)))))
        case .updated(let customer): return .ok(.init(body: .json(.init(.masked(customer)))))
        }
    }

    func getCustomer(_ input: Operations.GetCustomer.Input) async throws -> Operations.GetCustomer.Output {
        let customer = try await services.customers.find(try uuid(input.path.customerId, field: "customerId"), by: caller)
        return .ok(.init(body: .json(.init(.masked(customer)))))
    }

    func updateCustomer(_ input: Operations.UpdateCustomer.Input) async throws -> Operations.UpdateCustomer.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let customer = try await services.customers.update(try uuid(input.path.customerId, field: "customerId"), try draft(body),
                                                  by: caller, requestId: requestId)
        return .ok(.init(body: .json(.init(.masked(customer)))))
    }

    func revealCustomer(_ input: Operations.RevealCustomer.Input) async throws -> Operations.RevealCustomer.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let view = try await services.customers.reveal(try uuid(input.path.customerId, field: "customerId"), fields: body.fields,
                                                       purpose: body.purpose, by: caller, requestId: requestId)
        return .ok(.init(body: .json(.init(view))))
    }

    func mergeCustomer(_ input: Operations.MergeCustomer.Input) async throws -> Operations.MergeCustomer.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let survivor = try await services.customers.merge(duplicate: try uuid(body.duplicateId, field: "duplicateId"),
                                                 into: try uuid(input.path.customerId, field: "customerId"), by: caller, requestId: requestId)
        return .ok(.init(body: .json(.init(.masked(survivor)))))
    }

    func exportCustomer(_ input: Operations.ExportCustomer.Input) async throws -> Operations.ExportCustomer.Output {
        let export = try await services.customers.export(try uuid(input.path.customerId, field: "customerId"), by: caller, requestId: requestId)
        return .ok(.init(body: .json(.init(
            exportedAt: export.exportedAt, profile: .init(.clear(export.profile)), consents: export.consents.map(Components.Schemas.Consent.init),
            orders: export.orders.map(Components.Schemas.Order.init), history: export.history.map(Components.Schemas.CustomerChange.init),
            points: export.points.map(Components.Schemas.PointsEntry.init), interactions: try export.objects(.interactions), tickets: try export.objects(.tickets),
            surveyAnswers: try export.objects(.surveyAnswers), messages: []))))
    }

    func eraseCustomer(_ input: Operations.EraseCustomer.Input) async throws -> Operations.EraseCustomer.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        try await services.customers.erase(try uuid(input.path.customerId, field: "customerId"), reason: body.reason, by: caller, requestId: requestId)
        return .noContent(.init())
    }

    func listCustomerConsents(_ input: Operations.ListCustomerConsents.Input) async throws -> Operations.ListCustomerConsents.Output {
        let consents = try await services.customers.consents(try uuid(input.path.customerId, field: "customerId"), by: caller)
        return .ok(.init(body: .json(.init(current: consents.current.map(Components.Schemas.Consent.init),
                                           history: consents.history.map(Components.Schemas.Consent.init)))))
    }

    func recordCustomerConsent(_ input: Operations.RecordCustomerConsent.Input) async throws -> Operations.RecordCustomerConsent.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let record = try await services.customers.recordConsent(
            try uuid(input.path.customerId, field: "customerId"), channel: ConsentRecord.Channel(rawValue: body.channel.rawValue) ?? .sms,
            granted: body.granted, source: body.source, by: caller, requestId: requestId)
        return .created(.init(body: .json(.init(record))))
    }

    func listCustomerHistory(_ input: Operations.ListCustomerHistory.Input) async throws -> Operations.ListCustomerHistory.Output {
        let page = try await services.customers.history(try uuid(input.path.customerId, field: "customerId"),
                                               page: PageRequest(cursor: input.query.cursor, limit: input.query.limit), by: caller)
        return .ok(.init(body: .json(.init(items: page.items.map(Components.Schemas.CustomerChange.init), nextCursor: page.nextCursor))))
    }

    func getCustomerAttributeSchema(_ input: Operations.GetCustomerAttributeSchema.Input) async throws -> Operations.GetCustomerAttributeSchema.Output {
        .ok(.init(body: .json(.init(try await services.customers.attributeSchema(by: caller)))))
    }

    func putCustomerAttributeSchema(_ input: Operations.PutCustomerAttributeSchema.Input) async throws -> Operations.PutCustomerAttributeSchema.Output {
        guard case .json(let body) = input.body else { throw PatronError.malformedRequest(message: "expected JSON") }
        let schema = CustomerAttributeSchema(attributes: body.attributes.map {
            .init(name: $0.name, type: .init(rawValue: $0._type.rawValue) ?? .string, labelZh: $0.labelZh, labelEn: $0.labelEn,
                  allowed: $0.allowed, maxLength: $0.maxLength)
        })
        try await services.customers.saveAttributeSchema(schema, by: caller, requestId: requestId)
        return .ok(.init(body: .json(.init(schema))))
    }

    private func draft(_ body: Components.Schemas.CustomerInput) throws -> CustomerDraft {
        CustomerDraft(name: body.name, mobile: body.mobile, email: body.email,
                      gender: body.gender.flatMap { Customer.Gender(rawValue: $0.rawValue) },
                      birthday: body.birthday, birthdayIsLunar: body.birthdayIsLunar, address: body.address,
                      preferredStoreId: try body.preferredStoreId.map { try uuid($0, field: "preferredStoreId") },
                      sourceChannel: body.sourceChannel.flatMap { Customer.SourceChannel(rawValue: $0.rawValue) },
                      wechatUnionId: body.wechatUnionId, wechatOpenId: body.wechatOpenId, posMemberNumber: body.posMemberNumber,
                      tags: body.tags, notes: body.notes,
                      attributes: body.attributes?.additionalProperties.mapValues { value in
                          switch value {
                          case .case1(let text): .string(text)
                          case .case2(let number): .integer(number)
                          case .case3(let flag): .boolean(flag)
                          }
                      },
                      clear: body.clear ?? [])
    }
}

extension Components.Schemas.Customer {
    init(_ view: CustomerView) {
        let c = view.customer
        self.init(id: c.id.apiString, name: view.name, mobile: view.mobile, email: view.email,
                  gender: .init(rawValue: c.gender.rawValue) ?? .unspecified, birthday: view.birthday, birthdayIsLunar: c.birthdayIsLunar,
                  address: view.address, preferredStoreId: c.preferredStoreId?.apiString,
                  sourceChannel: .init(rawValue: c.sourceChannel.rawValue) ?? ._import, wechatUnionId: view.wechatUnionId,
                  wechatOpenId: view.wechatOpenId, posMemberNumber: view.posMemberNumber, tags: c.tags, notes: view.notes,
                  attributes: .init(additionalProperties: c.attributes.mapValues { value in
                      switch value {
                      case .string(let text): .case1(text)
                      case .integer(let number): .case2(number)
                      case .boolean(let flag): .case3(flag)
                      }
                  }),
                  masked: view.masked, createdAt: c.createdAt, updatedAt: c.updatedAt)
    }
}

extension Components.Schemas.Consent {
    init(_ record: ConsentRecord) {
        self.init(id: record.id.apiString, channel: .init(rawValue: record.channel.rawValue) ?? .sms, granted: record.granted,
                  recordedAt: record.recordedAt, source: record.source, recordedBy: record.recordedBy)
    }
}

extension Components.Schemas.CustomerChange {
    init(_ change: CustomerChange) {
        self.init(id: change.id.apiString, at: change.at, actorKind: change.actor.kind.rawValue, actorName: change.actor.name,
                  channel: change.channel, field: change.field, oldValue: change.oldValue, newValue: change.newValue)
    }
}

extension Components.Schemas.AttributeSchema {
    init(_ schema: CustomerAttributeSchema) {
        self.init(attributes: schema.attributes.map {
            .init(name: $0.name, _type: .init(rawValue: $0.type.rawValue) ?? .string, labelZh: $0.labelZh, labelEn: $0.labelEn,
                  allowed: $0.allowed, maxLength: $0.maxLength)
        })
    }
}

extension Components.Schemas.CustomerInput {
    /// A creation carries the same fields as an update, with name and source channel required by the spec.
    init(_ new: Components.Schemas.CustomerCreateInput) {
        self.init(name: new.name, mobile: new.mobile, email: new.email, gender: new.gender.flatMap { .init(rawValue: $0.rawValue) },
                  birthday: new.birthday, birthdayIsLunar: new.birthdayIsLunar, address: new.address, preferredStoreId: new.preferredStoreId,
                  sourceChannel: new.sourceChannel, wechatUnionId: new.wechatUnionId, wechatOpenId: new.wechatOpenId,
                  posMemberNumber: new.posMemberNumber, tags: new.tags,
                  attributes: new.attributes.map { .init(additionalProperties: $0.additionalProperties) })
    }
}
