namespace WsConformance.PropertyFuzzing.Model;

/// <summary>
/// The model's options that grade as each section of the case catalog grades, for comparing the model with the
/// catalog's own cases. Sections differ in what they test, and so in what they fail (see <see cref="ModelOptions"/>).
/// </summary>
public static class CatalogGrading
{
    /// <summary>The options for a catalog section, or null with why the model cannot grade that section.</summary>
    public static (ModelOptions? Options, string? Reason) For(string section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return section switch
        {
            "7" => (ModelOptions.AutobahnCloseHandling, null),
            "9" => (ModelOptions.AutobahnLimits, null),
            "1" or "2" or "3" or "4" or "5" or "6" or "10" => (ModelOptions.Autobahn, null),

            // Our own sections that keep Autobahn's grading of echoes and closes and set their stricter rules only
            // where the fault itself calls for them (unmasked frames, the length's top bit: CloseRules.ServerFails).
            "masking" or "length" or "handshake" => (ModelOptions.Autobahn, null),
            "after-close" => (ModelOptions.AfterClose, null),
            "12" or "13" or "deflate" => (null, "permessage-deflate (RFC 7692): the model negotiates no extension"),
            _ => (null, $"section {section} is unknown to the model"),
        };
    }
}
