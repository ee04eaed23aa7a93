<?xml version="1.0" encoding="UTF-8"?>
<!-- A short Dublin Core view of a MARCXML record (SRU recordSchema "dc"). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:m="http://www.loc.gov/MARC21/slim" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:srw_dc="info:srw/schema/1/dc-schema">
  <xsl:output indent="yes" method="xml" encoding="UTF-8"/>
  <xsl:template match="/m:record">
    <srw_dc:dc>
      <xsl:for-each select="m:datafield[@tag='245']">
        <dc:title><xsl:value-of select="normalize-space(concat(m:subfield[@code='a'], ' ', m:subfield[@code='b']))"/></dc:title>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='100' or @tag='700']/m:subfield[@code='a']">
        <dc:creator><xsl:value-of select="."/></dc:creator>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='260' or @tag='264']/m:subfield[@code='b']">
        <dc:publisher><xsl:value-of select="."/></dc:publisher>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='260' or @tag='264']/m:subfield[@code='c']">
        <dc:date><xsl:value-of select="."/></dc:date>
      </xsl:for-each>
      <xsl:for-each select="m:datafield[@tag='020']/m:subfield[@code='a']">
        <dc:identifier>ISBN <xsl:value-of select="."/></dc:identifier>
      </xsl:for-each>
    </srw_dc:dc>
  </xsl:template>
</xsl:stylesheet>
