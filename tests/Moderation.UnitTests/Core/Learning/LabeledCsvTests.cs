using Moderation.Core.Learning;

namespace Moderation.UnitTests.Core.Learning;

public sealed class LabeledCsvTests
{
    [Fact]
    public void Rows_WithQuotesCommasAndLineBreaks_AreRead()
    {
        var csv = "COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\r\n" +
            "a1,Ada,2014-01-01,\"Hello, \"\"world\"\"\nsecond line\",0\r\n" +
            "a2,Spammer,2014-01-02,check out my channel,1\n";

        var rows = LabeledCsv.Read(new StringReader(csv)).ToList();

        Assert.Equal(2, rows.Count);
        Assert.Equal(new LabeledComment("a1", "Ada", "Hello, \"world\"\nsecond line", false), rows[0]);
        Assert.Equal(new LabeledComment("a2", "Spammer", "check out my channel", true), rows[1]);
    }

    [Theory]
    [InlineData("ID,AUTHOR,DATE,CONTENT,CLASS\na1,Ada,2014,text,maybe\n")]
    [InlineData("ID,AUTHOR,DATE,CONTENT,CLASS\na1,Ada,text\n")]
    public void BadRows_AreReportedNotGuessed(string csv) =>
        Assert.Throws<FormatException>(() => LabeledCsv.Read(new StringReader(csv)).ToList());
}
