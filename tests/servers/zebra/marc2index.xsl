<?xml version="1.0" encoding="UTF-8"?>
<!-- What is searchable in a MARCXML record: title (245 $a $b), authors (100, 110, 700, 710 $a), ISBN (020 $a: the
     number only, hyphens removed), ISSN (022 $a), DOI (024 with $2 doi, lower case), date (260/264 $c), any. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:m="http://www.loc.gov/MARC21/slim" xmlns:z="http://indexdata.com/zebra-2.0">
  <xsl:output indent="yes" method="xml" encoding="UTF-8"/>
  <xsl:template match="text()"/>
  <xsl:template match="/m:record">
    <z:record z:id="{normalize-space(m:controlfield[@tag='001'])}">
      <xsl:for-each select="m:datafield[@tag='245']/m:subfield[@code='a' or @code='b']">
        <z:index name="title:w title:p"><xsl:value-of select="."/></z:index>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='100' or @tag='110' or @tag='700' or @tag='710']/m:subfield[@code='a']">
        <z:index name="author:w author:p"><xsl:value-of select="."/></z:index>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='020']/m:subfield[@code='a']">
        <z:index name="isbn:0">
          <xsl:value-of select="translate(substring-before(concat(normalize-space(.), ' '), ' '), '-', '')"/>
        </z:index>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='022']/m:subfield[@code='a']">
        <z:index name="issn:0"><xsl:value-of select="normalize-space(.)"/></z:index>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='024'][m:subfield[@code='2']='doi']/m:subfield[@code='a']">
        <z:index name="doi:0">
          <xsl:value-of select="translate(normalize-space(.), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"/>
        </z:index>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='260' or @tag='264']/m:subfield[@code='c']">
        <z:index name="date:w"><xsl:value-of select="."/></z:index>
      </xsl:for-each>
      <xsl:for-each select="m:datafield">
        <z:index name="any:w"><xsl:value-of select="."/></z:index>
      </xsl:for-each>
    </z:record>
  </xsl:template>
</xsl:stylesheet>
