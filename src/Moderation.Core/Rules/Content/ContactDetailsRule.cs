using System.Text.RegularExpressions;
using Moderation.Core.Comments;

namespace Moderation.Core.Rules.Content;

/// <summary>Phone numbers and cryptocurrency addresses: contact details and payment targets that spam leaves.</summary>
public sealed partial class ContactDetailsRule : IRule
{
    public const string PhoneId = "content.phone_number";
    public const string CryptoId = "content.crypto_address";

    public void Evaluate(RuleContext context, Assessment assessment)
    {
        var content = context.Submission.Content;
        if (Phone().Match(content) is { Success: true } phone)
        {
            assessment.Add(new(PhoneId, 5, "The comment contains a phone number.", Mask(phone.Value)));
        }
        if (Crypto().Match(content) is { Success: true } wallet)
        {
            assessment.Add(new(CryptoId, 5, "The comment contains a cryptocurrency address.", Mask(wallet.Value)));
        }
    }

    // Evidence shows the shape of the number, not the number: it may be the commenter's own.
    private static string Mask(string value) => value.Length <= 6 ? value : value[..4] + new string('…', 1) + value[^2..];

    [GeneratedRegex(@"(?<![\w.])(\+\d{1,3}[\s-]?\(?\d{1,4}\)?([\s-]?\d{2,4}){2,4}|\(?0\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4})(?![\w.])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    [GeneratedRegex(@"\b(bc1[a-z0-9]{25,59}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|0x[a-fA-F0-9]{40})\b", RegexOptions.CultureInvariant)]
    private static partial Regex Crypto();
}
