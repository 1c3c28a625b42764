import Foundation

/// A node in the catalogue tree (e.g. 服装 › 女装 › 连衣裙). Reports roll up along `parentId`.
public struct ProductCategory: Hashable, Sendable, Identifiable {
    public typealias ID = UUID
    public var id: ID
    public var parentId: ID?
    public var code: String
    public var nameZh: String
    public var nameEn: String

    public init(id: ID = UUID(), parentId: ID? = nil, code: String, nameZh: String, nameEn: String) {
        self.id = id
        self.parentId = parentId
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
    }
}
