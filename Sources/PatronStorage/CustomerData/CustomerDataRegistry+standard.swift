extension CustomerDataRegistry {
    /// Every module holding customer records. A module adds its participant here; modules whose records hold
    /// sealed text take the cipher to open them for the export.
    public static func standard(cipher: FieldCipher) -> CustomerDataRegistry {
        CustomerDataRegistry([
            MembershipCustomerData(),
            InsightCustomerData(),
            InteractionCustomerData(cipher: cipher),
            TicketCustomerData(cipher: cipher),
            SurveyCustomerData(cipher: cipher),
            PersonaCustomerData(),
        ])
    }
}
