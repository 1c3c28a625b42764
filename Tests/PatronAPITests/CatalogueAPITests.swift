import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

struct CatalogueAPITests {
    @Test func categoriesFormATreeAndProductsKeepUniqueSKUs() async throws {
        try await TestApp.run { client, _ in
            let admin = try await TestApp.login(client)
            let parent = try await TestApp.send(client, .post, "/categories", token: admin, json: #"{"code":"KIDS","nameZh":"童装","nameEn":"Kidswear"}"#)
            #expect(parent.status == .created)
            let parentId = try #require(parent.json["id"] as? String)
            let child = try await TestApp.send(client, .post, "/categories", token: admin,
                                               json: #"{"code":"KIDS-TOP","nameZh":"童装上衣","nameEn":"Kids tops","parentId":"\#(parentId)"}"#)
            let childId = try #require(child.json["id"] as? String)
            let loop = try await TestApp.send(client, .patch, "/categories/\(parentId)", token: admin,
                                              json: #"{"code":"KIDS","nameZh":"童装","nameEn":"Kidswear","parentId":"\#(childId)"}"#)
            #expect(loop.status == .unprocessableContent)
            #expect(loop.error["field"] == "parentId")
            let product = try await TestApp.send(client, .post, "/products", token: admin, json: """
                {"sku":"K-TEE-001","nameZh":"儿童T恤","nameEn":"Kids T-shirt","categoryId":"\(childId)","brand":"素野","listPrice":5900}
                """)
            #expect(product.status == .created)
            let duplicate = try await TestApp.send(client, .post, "/products", token: admin,
                                                   json: #"{"sku":"K-TEE-001","nameZh":"重复","nameEn":"Dup","listPrice":1}"#)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.error["field"] == "sku")
            let negative = try await TestApp.send(client, .post, "/products", token: admin,
                                                  json: #"{"sku":"K-NEG","nameZh":"负","nameEn":"Neg","listPrice":-1}"#)
            #expect(negative.error["field"] == "listPrice")
            let id = try #require(product.json["id"] as? String)
            let repriced = try await TestApp.send(client, .patch, "/products/\(id)", token: admin, json: #"{"listPrice":4900}"#)
            #expect(repriced.json["listPrice"] as? Int == 4_900)
            let purchasing = try await TestApp.login(client, username: "purchasing")
            #expect(try await TestApp.send(client, .patch, "/products/\(id)", token: purchasing, json: #"{"active":false}"#).status == .ok)
            let sales = try await TestApp.login(client, username: "sh001.sales")
            #expect(try await TestApp.send(client, .patch, "/products/\(id)", token: sales, json: #"{"active":true}"#).status == .forbidden)
        }
    }
}
