using System.Collections;
using CsCheck;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Moderation.IntegrationTests.Api;

/// <summary>
/// Random request messages built from their descriptors: every field of every type, set or not, with values
/// near the edges (limits, extremes, out-of-range enums, Durations and Timestamps no clock can hold, hostile
/// Unicode) mixed with values that reach deep paths (ids of a real site and comment).
/// </summary>
public sealed class RequestGenerator(IReadOnlyList<string> knownStrings)
{
    private const int MaxDepth = 3;

    private static readonly string[] EdgeStrings =
    [
        "", " ", "a", "../../etc", "{evil}", "*", "%", "\0", "\uFFFE", "\uFFFF", "\uFDD0", "\U0001FFFE", "x\u200By",
        "ＡＢＣ", "ǅ", "İ", "ß", "\u0301", "e\u0301", "\U0001F600", "<script>alert(1)</script>", "' OR 1=1 --",
        "a@b", "a@b.c", "ada@example.org", "ada@example.org.", "name@io", "a@[127.0.0.1]", "\"q\"@example.org",
        "999.1.1.1", "::1", "fe80::1%eth0", "10.0.0.1/33", "198.51.100.7", "2001:db8::/129", "0.0.0.0/0",
        "http://127.0.0.1:9/hook", "https://", "javascript:alert(1)", "ftp://127.0.0.1/", "https://127.0.0.1:9/" + new string('p', 300),
        "99999999999999999999-0", "1-99999999999999999999", "0-0", "-1", "1-1",
        new string('a', 200), new string('a', 201), new string('a', 4097), new string('x', 65_526),
    ];

    /// <summary>The strings every string field is drawn from.</summary>
    public Gen<string> Strings => _string;

    private readonly Gen<string> _string = Gen.Frequency(
        (4, Gen.OneOf(EdgeStrings)),
        (4, Gen.OneOf([.. knownStrings])),
        (3, Gen.String[0, 40]),
        (1, Gen.Char['\u0000', '\uFFFF'].Array[0, 12].Select(chars => new string(chars))));

    private static readonly Gen<long> Long = Gen.Frequency(
        (3, Gen.OneOf(0L, 1L, -1L, 2L, 10L, 100L, 1_000L, 10_001L, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue, 315_576_000_001L, -315_576_000_001L)),
        (2, Gen.Long));

    public Gen<IMessage> For(MessageDescriptor descriptor) => Message(descriptor, 0);

    private Gen<IMessage> Message(MessageDescriptor descriptor, int depth)
    {
        Gen<Action<IMessage>> setAll = Gen.Const<Action<IMessage>>(static _ => { });
        if (depth <= MaxDepth)
        {
            foreach (var field in descriptor.Fields.InDeclarationOrder())
            {
                var set = Field(field, depth);
                setAll = Gen.Select(setAll, set, static (a, b) => (Action<IMessage>)(m =>
                {
                    a(m);
                    b(m);
                }));
            }
        }
        return setAll.Select(set =>
        {
            var message = (IMessage)Activator.CreateInstance(descriptor.ClrType)!;
            set(message);
            return message;
        });
    }

    /// <summary>Leaves the field unset half of the time; otherwise one value, or up to four for repeated fields and maps.</summary>
    private Gen<Action<IMessage>> Field(FieldDescriptor field, int depth)
    {
        Gen<Action<IMessage>> skip = Gen.Const<Action<IMessage>>(static _ => { });
        Gen<Action<IMessage>> set;
        if (field.IsMap)
        {
            var key = Value(field.MessageType.FindFieldByNumber(1), depth);
            var value = Value(field.MessageType.FindFieldByNumber(2), depth);
            set = Gen.Select(key, value).Array[1, 4].Select(entries => (Action<IMessage>)(m =>
            {
                var map = (IDictionary)field.Accessor.GetValue(m);
                foreach (var (k, v) in entries)
                {
                    map[k] = v;
                }
            }));
        }
        else if (field.IsRepeated)
        {
            set = Value(field, depth).Array[1, 4].Select(values => (Action<IMessage>)(m =>
            {
                var list = (IList)field.Accessor.GetValue(m);
                foreach (var v in values)
                {
                    list.Add(v);
                }
            }));
        }
        else
        {
            set = Value(field, depth).Select(v => (Action<IMessage>)(m => field.Accessor.SetValue(m, v)));
        }
        return Gen.Frequency((1, skip), (1, set));
    }

    private Gen<object> Value(FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.String => _string.Select(static s => (object)s),
        FieldType.Bytes => Gen.Byte.Array[0, 64].Select(static b => (object)ByteString.CopyFrom(b)),
        FieldType.Bool => Gen.Bool.Select(static b => (object)b),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Long.Select(static v => (object)unchecked((int)v)),
        FieldType.UInt32 or FieldType.Fixed32 => Long.Select(static v => (object)unchecked((uint)v)),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Long.Select(static v => (object)v),
        FieldType.UInt64 or FieldType.Fixed64 => Long.Select(static v => (object)unchecked((ulong)v)),
        FieldType.Double => Gen.OneOf(0.0, -1.0, 0.5, 1.0, 100.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, -0.0).Select(static d => (object)d),
        FieldType.Float => Gen.OneOf(0f, -1f, 0.5f, float.NaN, float.PositiveInfinity, float.MaxValue).Select(static f => (object)f),
        FieldType.Enum => Gen.Frequency(
                (3, Gen.OneOf([.. field.EnumType.Values.Select(v => v.Number)])),
                (1, Gen.OneOf(-1, 42, int.MaxValue, int.MinValue)))
            .Select(n => Enum.ToObject(field.EnumType.ClrType, n)),
        FieldType.Message or FieldType.Group => Message(field.MessageType, depth + 1).Select(static m => (object)m),
        _ => throw new NotSupportedException(field.FieldType.ToString()),
    };
}
