/*
 * Official names of the CWE weaknesses that the rule catalog uses (and a
 * few that new rules are likely to use), as MITRE's CWE list gives them,
 * so the report can name a weakness next to its link.  A unit test checks
 * that every CWE in the catalog is here.
 */
#include "report.h"

#include <stddef.h>

static const struct {
	int id;
	const char *name;
} cwe_names[] = {
	{ 20, "Improper Input Validation" },
	{ 22, "Improper Limitation of a Pathname to a Restricted Directory ('Path Traversal')" },
	{ 78, "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')" },
	{ 79, "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')" },
	{ 80, "Improper Neutralization of Script-Related HTML Tags in a Web Page (Basic XSS)" },
	{ 89, "Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')" },
	{ 94, "Improper Control of Generation of Code ('Code Injection')" },
	{ 95, "Improper Neutralization of Directives in Dynamically Evaluated Code ('Eval Injection')" },
	{ 155, "Improper Neutralization of Wildcards or Matching Symbols" },
	{ 200, "Exposure of Sensitive Information to an Unauthorized Actor" },
	{ 209, "Generation of Error Message Containing Sensitive Information" },
	{ 250, "Execution with Unnecessary Privileges" },
	{ 259, "Use of Hard-coded Password" },
	{ 269, "Improper Privilege Management" },
	{ 284, "Improper Access Control" },
	{ 295, "Improper Certificate Validation" },
	{ 306, "Missing Authentication for Critical Function" },
	{ 319, "Cleartext Transmission of Sensitive Information" },
	{ 326, "Inadequate Encryption Strength" },
	{ 327, "Use of a Broken or Risky Cryptographic Algorithm" },
	{ 330, "Use of Insufficiently Random Values" },
	{ 377, "Insecure Temporary File" },
	{ 400, "Uncontrolled Resource Consumption" },
	{ 459, "Incomplete Cleanup" },
	{ 489, "Active Debug Code" },
	{ 494, "Download of Code Without Integrity Check" },
	{ 502, "Deserialization of Untrusted Data" },
	{ 522, "Insufficiently Protected Credentials" },
	{ 532, "Insertion of Sensitive Information into Log File" },
	{ 605, "Multiple Binds to the Same Port" },
	{ 653, "Improper Isolation or Compartmentalization" },
	{ 668, "Exposure of Resource to Wrong Sphere" },
	{ 693, "Protection Mechanism Failure" },
	{ 703, "Improper Check or Handling of Exceptional Conditions" },
	{ 732, "Incorrect Permission Assignment for Critical Resource" },
	{ 754, "Improper Check for Unusual or Exceptional Conditions" },
	{ 770, "Allocation of Resources Without Limits or Throttling" },
	{ 798, "Use of Hard-coded Credentials" },
	{ 829, "Inclusion of Functionality from Untrusted Control Sphere" },
	{ 838, "Inappropriate Encoding for Output Context" },
	{ 1104, "Use of Unmaintained Third Party Components" },
	{ 1125, "Excessive Attack Surface" },
	{ 1188, "Initialization of a Resource with an Insecure Default" },
	{ 1327, "Binding to an Unrestricted IP Address" },
	{ 1357, "Reliance on Insufficiently Trustworthy Component" },
	{ 1395, "Dependency on Vulnerable Third-Party Component" },
};

const char *report_cwe_name(int cwe)
{
	for (size_t i = 0; i < sizeof(cwe_names) / sizeof(cwe_names[0]); i++)
		if (cwe_names[i].id == cwe)
			return cwe_names[i].name;
	return NULL;
}
