using System.Buffers.Binary;
using System.Collections.Frozen;

namespace Moderation.Core.Learning;

/// <summary>
/// A logistic regression over hashed features: the log-odds that a comment is spam, calibrated on comments the
/// model did not train on, and how far the comment is like the training comments (how much of its vocabulary they
/// had, and whether it is far longer than they were). Immutable once trained, so every request can score with it
/// without locks.
/// </summary>
public sealed class SpamClassifier
{
    /// <summary>A word feature counts as known once this many training comments had it.</summary>
    public const int KnownAfter = 2;

    /// <summary>With this many known word features a comment gets the model's full say; with fewer, a share of it.</summary>
    public const int FullEvidence = 3;

    private const byte FormatVersion = 3;
    private readonly float[] _weights;
    private readonly byte[] _support;

    /// <param name="support">Per feature, in how many training comments it occurred (saturating at 255).</param>
    /// <param name="typicalLength">Word features of a long training comment (9 in 10 had at most as many); 0 when unknown.</param>
    public SpamClassifier(float[] weights, float bias, string version, int exampleCount, byte[]? support = null, Calibration? calibration = null, int typicalLength = 0)
    {
        if (weights.Length != FeatureHasher.Dimension || support is { Length: not FeatureHasher.Dimension })
        {
            throw new ArgumentException($"A model has {FeatureHasher.Dimension} weights and support counts.", nameof(weights));
        }
        _weights = weights;
        _support = support ?? new byte[FeatureHasher.Dimension];
        Bias = bias;
        Version = version;
        ExampleCount = exampleCount;
        Calibration = calibration ?? Calibration.None;
        TypicalLength = typicalLength;
    }

    public float Bias { get; }
    public string Version { get; }
    public int ExampleCount { get; }

    /// <summary>Word features of a long training comment: 9 in 10 of them had at most this many; 0 when unknown.</summary>
    public int TypicalLength { get; }

    /// <summary>How raw log-odds map to calibrated ones.</summary>
    public Calibration Calibration { get; }

    internal ReadOnlySpan<float> Weights => _weights;
    internal ReadOnlySpan<byte> Support => _support;

    public float Weight(int index) => _weights[index];

    /// <summary>The same model under the version the store assigned.</summary>
    public SpamClassifier WithVersion(string version) => new(_weights, Bias, version, ExampleCount, _support, Calibration, TypicalLength);

    /// <summary>The same weights and support with another calibration.</summary>
    public SpamClassifier WithCalibration(Calibration calibration) => new(_weights, Bias, Version, ExampleCount, _support, calibration, TypicalLength);

    /// <summary>The raw log-odds that the comment is spam, as training fitted them.</summary>
    public double Logit(in Features features) => Bias + features.Dot(_weights);

    /// <summary>The calibrated log-odds: what the model's raw score meant on comments it had not seen.</summary>
    public double CalibratedLogit(in Features features) => Calibration.Apply(Logit(features));

    public double Probability(in Features features) => 1 / (1 + Math.Exp(-CalibratedLogit(features)));

    /// <summary>How many of the comment's word features the training comments had, each at least <see cref="KnownAfter"/> times.</summary>
    public int KnownWords(in Features features)
    {
        var known = 0;
        foreach (var index in features.WordIndices)
        {
            known += _support[index] >= KnownAfter ? 1 : 0;
        }
        return known;
    }

    /// <summary>From 0 (none of the comment's words was seen in training) to 1 (enough were): how far to trust the score.</summary>
    public double Evidence(in Features features) => Math.Min(1.0, KnownWords(features) / (double)FullEvidence) * LengthShare(features);

    /// <summary>
    /// 1 for a comment no longer than <see cref="TypicalLength"/>, less for a longer one, as √(typical / its length).
    /// Each word's small lean adds up with length (the features are scaled by 1/√n, so a lean common to many
    /// words grows as √n): a comment far longer than the model's training comments would otherwise score on the
    /// sheer count of its ordinary words. The share cancels that growth beyond the lengths the model knows.
    /// </summary>
    public double LengthShare(in Features features)
    {
        var length = features.WordIndices.Length;
        return TypicalLength <= 0 || length <= TypicalLength ? 1 : Math.Sqrt(TypicalLength / (double)length);
    }

    /// <summary>Stores the weights that are not zero with their support, as (index, weight, support) triples.</summary>
    public byte[] Serialize()
    {
        var nonZero = 0;
        for (var i = 0; i < _weights.Length; i++)
        {
            nonZero += _weights[i] != 0 || _support[i] != 0 ? 1 : 0;
        }
        var versionBytes = System.Text.Encoding.UTF8.GetBytes(Version);
        var terms = Calibration.RuleTerms.Select(t => (Id: System.Text.Encoding.UTF8.GetBytes(t.Key), Weight: (float)t.Value)).ToArray();
        var bytes = new byte[1 + 4 + 4 + 4 + 4 + 4 + versionBytes.Length + 4 + (nonZero * 9) + 4 + 4 + terms.Sum(t => 4 + t.Id.Length + 4)];
        var span = bytes.AsSpan();
        span[0] = FormatVersion;
        BinaryPrimitives.WriteSingleLittleEndian(span[1..], Bias);
        BinaryPrimitives.WriteInt32LittleEndian(span[5..], ExampleCount);
        BinaryPrimitives.WriteSingleLittleEndian(span[9..], (float)Calibration.Slope);
        BinaryPrimitives.WriteSingleLittleEndian(span[13..], (float)Calibration.Intercept);
        BinaryPrimitives.WriteInt32LittleEndian(span[17..], versionBytes.Length);
        versionBytes.CopyTo(span[21..]);
        var at = 21 + versionBytes.Length;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], nonZero);
        at += 4;
        for (var i = 0; i < _weights.Length; i++)
        {
            if (_weights[i] != 0 || _support[i] != 0)
            {
                BinaryPrimitives.WriteInt32LittleEndian(span[at..], i);
                BinaryPrimitives.WriteSingleLittleEndian(span[(at + 4)..], _weights[i]);
                span[at + 8] = _support[i];
                at += 9;
            }
        }
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], TypicalLength);
        BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], terms.Length);
        at += 8;
        foreach (var (id, weight) in terms)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], id.Length);
            id.CopyTo(span[(at + 4)..]);
            at += 4 + id.Length;
            BinaryPrimitives.WriteSingleLittleEndian(span[at..], weight);
            at += 4;
        }
        return bytes;
    }

    /// <summary>
    /// Reads a model; one of the first format (no calibration, no support) reads as calibrated 1:1 with every feature
    /// known, one of the second (no typical length, no rule terms) as having neither.
    /// </summary>
    public static SpamClassifier Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 17 && bytes[0] == 1)
        {
            return DeserializeFirstFormat(bytes);
        }
        if (bytes.Length < 25 || bytes[0] is not (2 or FormatVersion))
        {
            throw new FormatException("Not a classifier model of a known format.");
        }
        var bias = BinaryPrimitives.ReadSingleLittleEndian(bytes[1..]);
        var examples = BinaryPrimitives.ReadInt32LittleEndian(bytes[5..]);
        var calibration = new Calibration(BinaryPrimitives.ReadSingleLittleEndian(bytes[9..]), BinaryPrimitives.ReadSingleLittleEndian(bytes[13..]));
        var versionLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[17..]);
        var version = System.Text.Encoding.UTF8.GetString(bytes.Slice(21, versionLength));
        var at = 21 + versionLength;
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
        at += 4;
        var weights = new float[FeatureHasher.Dimension];
        var support = new byte[FeatureHasher.Dimension];
        for (var i = 0; i < count; i++, at += 9)
        {
            var index = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]) & (FeatureHasher.Dimension - 1);
            weights[index] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(at + 4)..]);
            support[index] = bytes[at + 8];
        }
        var typicalLength = 0;
        if (bytes[0] == FormatVersion)
        {
            typicalLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            var termCount = BinaryPrimitives.ReadInt32LittleEndian(bytes[(at + 4)..]);
            at += 8;
            var terms = new Dictionary<string, double>(termCount, StringComparer.Ordinal);
            for (var i = 0; i < termCount; i++)
            {
                var idLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
                var id = System.Text.Encoding.UTF8.GetString(bytes.Slice(at + 4, idLength));
                at += 4 + idLength;
                terms[id] = BinaryPrimitives.ReadSingleLittleEndian(bytes[at..]);
                at += 4;
            }
            calibration = calibration with { RuleTerms = terms.ToFrozenDictionary(StringComparer.Ordinal) };
        }
        return new SpamClassifier(weights, bias, version, examples, support, calibration, typicalLength);
    }

    private static SpamClassifier DeserializeFirstFormat(ReadOnlySpan<byte> bytes)
    {
        var bias = BinaryPrimitives.ReadSingleLittleEndian(bytes[1..]);
        var examples = BinaryPrimitives.ReadInt32LittleEndian(bytes[5..]);
        var versionLength = BinaryPrimitives.ReadInt32LittleEndian(bytes[9..]);
        var version = System.Text.Encoding.UTF8.GetString(bytes.Slice(13, versionLength));
        var at = 13 + versionLength;
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
        at += 4;
        var weights = new float[FeatureHasher.Dimension];
        var support = new byte[FeatureHasher.Dimension];
        support.AsSpan().Fill(byte.MaxValue);
        for (var i = 0; i < count; i++, at += 8)
        {
            weights[BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]) & (FeatureHasher.Dimension - 1)] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(at + 4)..]);
        }
        return new SpamClassifier(weights, bias, version, examples, support, Calibration.None);
    }
}
