namespace Moderation.Core.Comments;

/// <summary>The result the rules build up for one submission; the verdict is decided from it by <see cref="Verdicts.VerdictPolicy"/>.</summary>
public sealed class Assessment
{
    private readonly List<RuleHit> _hits = new(8);
    private List<FieldViolation>? _violations;
    private List<FieldViolation>? _hints;

    public IReadOnlyList<RuleHit> Hits => _hits;
    public IReadOnlyList<FieldViolation> Violations => (IReadOnlyList<FieldViolation>?)_violations ?? [];
    public IReadOnlyList<FieldViolation> Hints => (IReadOnlyList<FieldViolation>?)_hints ?? [];
    public bool IsRejected => _violations is { Count: > 0 };
    public double Score { get; private set; }
    public RuleAction Action { get; private set; }
    public Trust Trust { get; private set; }
    public Verdict Verdict { get; internal set; }

    public void Add(in RuleHit hit, RuleAction action = RuleAction.None)
    {
        _hits.Add(hit);
        Score += hit.Points;
        if (action > Action)
        {
            Action = action;
        }
    }

    public void Grant(in RuleHit hit, Trust trust)
    {
        Add(hit);
        if (trust > Trust)
        {
            Trust = trust;
        }
    }

    public void Reject(in FieldViolation violation) => (_violations ??= new(2)).Add(violation);

    /// <summary>A suggestion for the commenter that does not count against the comment.</summary>
    public void Hint(in FieldViolation hint) => (_hints ??= new(1)).Add(hint);

    /// <summary>A copy that further hits can be added to without changing this one.</summary>
    public Assessment Fork()
    {
        var copy = new Assessment { Score = Score, Action = Action, Trust = Trust, Verdict = Verdict };
        copy._hits.AddRange(_hits);
        if (_violations is not null)
        {
            copy._violations = [.. _violations];
        }
        if (_hints is not null)
        {
            copy._hints = [.. _hints];
        }
        return copy;
    }
}
