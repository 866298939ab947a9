namespace Moderation.Server.Moderators;

/// <summary>Comment statuses by name, as webhooks, queue stats and error messages show them.</summary>
public static class StatusNames
{
    public static string Of(int status) => status switch
    {
        1 => "approved",
        2 => "pending",
        3 => "spam",
        4 => "discarded",
        5 => "rejected",
        _ => "",
    };
}
