using System.Text;
using Google.Protobuf;
using Moderation.Contracts.V1;
using Moderation.Core.Rules;
using Moderation.Server.Storage;
using CoreAssessment = Moderation.Core.Comments.Assessment;
using CoreVerdict = Moderation.Core.Comments.Verdict;

namespace Moderation.Server.Intake;

/// <summary>
/// The assessments the store picks from: the rule hits they all start with, serialised once, and for each
/// distinct assessment the rest (see <see cref="AssessmentMapper.HeadBytes"/>). Listed in the order the submit
/// script numbers the variant it stored: new author, known author, then both again for a repeated text.
/// A spooled submission keeps them (<see cref="ToSpool"/>), so its replay need not run the rules again while the
/// site's settings and model are those it was answered with.
/// </summary>
public sealed class AssessmentVariants
{
    private const byte Format = 1;

    private readonly CoreAssessment[]? _variants;

    public AssessmentVariants(Assessments assessments)
    {
        var campaign = assessments.Campaign?.IfRepeated;
        _variants = campaign is { } repeated
            ? [assessments.ForNewAuthor, assessments.ForKnownAuthor, repeated.ForNewAuthor, repeated.ForKnownAuthor]
            : [assessments.ForNewAuthor, assessments.ForKnownAuthor];
        var shared = AssessmentMapper.SharedHitCount(_variants);
        Head = AssessmentMapper.HeadBytes(assessments.ForNewAuthor, shared);
        Verdicts = Tails(assessments, shared);
        Campaign = campaign is { } ifRepeated ? new(assessments.Campaign!.Signature, Tails(ifRepeated, shared)) : null;
        MayDiscard = Array.Exists(_variants, v => v.Verdict == CoreVerdict.Discard);
    }

    private AssessmentVariants(byte[] head, VerdictsByAuthor verdicts, CampaignVariant? campaign, bool mayDiscard)
    {
        Head = head;
        Verdicts = verdicts;
        Campaign = campaign;
        MayDiscard = mayDiscard;
    }

    public byte[] Head { get; }

    public VerdictsByAuthor Verdicts { get; }

    public CampaignVariant? Campaign { get; }

    /// <summary>Whether any variant discards, so the store may need the submission's summary; most never do.</summary>
    public bool MayDiscard { get; }

    public Assessment MessageFor(int variant)
    {
        if (_variants is not null)
        {
            return AssessmentMapper.ToWire(_variants[variant]);
        }
        var verdicts = variant < 2 ? Verdicts : Campaign!.IfRepeated;
        var tail = variant % 2 == 0 ? verdicts.AssessmentForNewAuthor : verdicts.AssessmentForKnownAuthor;
        return Assessment.Parser.ParseFrom([.. Head, .. tail]);
    }

    /// <summary>These variants as the spool keeps them, marked with the site policy they were computed under.</summary>
    public byte[] ToSpool(string policyStamp)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Format);
            writer.Write(policyStamp);
            writer.Write(MayDiscard);
            WriteBytes(writer, Head);
            Write(writer, Verdicts);
            writer.Write(Campaign is not null);
            if (Campaign is not null)
            {
                writer.Write(Campaign.Signature);
                Write(writer, Campaign.IfRepeated);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The spooled variants when they were computed under <paramref name="policyStamp"/>; null otherwise.</summary>
    public static AssessmentVariants? FromSpool(byte[] spooled, string policyStamp)
    {
        if (spooled.Length == 0 || spooled[0] != Format)
        {
            return null;
        }
        try
        {
            using var reader = new BinaryReader(new MemoryStream(spooled, 1, spooled.Length - 1), Encoding.UTF8);
            if (reader.ReadString() != policyStamp)
            {
                return null;
            }
            var mayDiscard = reader.ReadBoolean();
            var head = ReadBytes(reader);
            var verdicts = ReadVerdicts(reader);
            var campaign = reader.ReadBoolean() ? new CampaignVariant(reader.ReadString(), ReadVerdicts(reader)) : null;
            return reader.BaseStream.Position == reader.BaseStream.Length ? new AssessmentVariants(head, verdicts, campaign, mayDiscard) : null;
        }
        // Whatever is wrong with it, the rules can run again instead.
        catch (Exception ex) when (ex is IOException or FormatException or InvalidDataException or ArgumentException)
        {
            return null;
        }
    }

    private static VerdictsByAuthor Tails(Assessments assessments, int shared)
    {
        var forNew = AssessmentMapper.TailBytes(assessments.ForNewAuthor, shared);
        var forKnown = assessments.DependOnAuthor ? AssessmentMapper.TailBytes(assessments.ForKnownAuthor, shared) : forNew;
        return new(assessments.ForNewAuthor.Verdict, forNew, assessments.ForKnownAuthor.Verdict, forKnown);
    }

    // A known author's tail that is the new author's one is written empty and read back as the same array, which
    // the store sends as "the same" (see CommentStore).
    private static void Write(BinaryWriter writer, VerdictsByAuthor verdicts)
    {
        writer.Write((byte)verdicts.ForNewAuthor);
        WriteBytes(writer, verdicts.AssessmentForNewAuthor);
        writer.Write((byte)verdicts.ForKnownAuthor);
        WriteBytes(writer, ReferenceEquals(verdicts.AssessmentForKnownAuthor, verdicts.AssessmentForNewAuthor) ? [] : verdicts.AssessmentForKnownAuthor);
    }

    private static VerdictsByAuthor ReadVerdicts(BinaryReader reader)
    {
        var forNewVerdict = ReadVerdict(reader);
        var forNew = ReadBytes(reader);
        var forKnownVerdict = ReadVerdict(reader);
        var forKnown = ReadBytes(reader);
        return new(forNewVerdict, forNew, forKnownVerdict, forKnown.Length == 0 ? forNew : forKnown);
    }

    private static void WriteBytes(BinaryWriter writer, byte[] bytes)
    {
        writer.Write7BitEncodedInt(bytes.Length);
        writer.Write(bytes);
    }

    private static CoreVerdict ReadVerdict(BinaryReader reader)
    {
        var verdict = (CoreVerdict)reader.ReadByte();
        return Enum.IsDefined(verdict) ? verdict : throw new InvalidDataException($"Verdict {(int)verdict} is unknown.");
    }

    private static byte[] ReadBytes(BinaryReader reader)
    {
        var length = reader.Read7BitEncodedInt();
        if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
        {
            throw new InvalidDataException("A length runs past the end.");
        }
        return reader.ReadBytes(length);
    }
}
