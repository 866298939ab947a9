namespace Moderation.Evaluation;

public static class ServiceEvaluation
{
    public static Task<List<(string Video, List<Outcome> Outcomes, TimeSpan Training)>> RunAsync(List<(string Name, List<Moderation.Core.Learning.LabeledComment> Comments)> videos, string target, string adminKey) =>
        throw new NotImplementedException();
}
