extension CustomerDataRegistry {
    /// Every module holding customer records. A module adds its participant here.
    public static let standard = CustomerDataRegistry([
        MembershipCustomerData(),
    ])
}
