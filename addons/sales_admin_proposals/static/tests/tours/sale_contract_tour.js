import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sale_contract_draft", {
    steps: () => [
        {
            content: "Open the Sales Admin menu",
            trigger: ".o_form_statusbar button.o_sales_admin_actions:contains('Sales Admin')",
            run: "click",
        },
        {
            content: "Draft a contract from the confirmed order",
            trigger: ".o_sales_admin_actions_menu button[name='action_sales_admin_create_contract']",
            run: "click",
        },
        {
            content: "The clauses come from the template",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Payment')",
        },
        {
            content: "Remove the mandatory payment clause",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Payment') .o_list_record_remove",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The contract warns that a manager must approve",
            trigger: ".o_form_view .alert-warning:contains('a manager must approve')",
        },
        {
            content: "Submit for approval",
            trigger: ".o_form_view button[name='action_submit']",
            run: "click",
        },
        {
            content: "The contract waits for approval",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('To Approve')",
        },
    ],
});

registry.category("web_tour.tours").add("sale_contract_approve", {
    steps: () => [
        {
            content: "The manager reads the changes",
            trigger: ".o_notebook .nav-link:contains('Changes to the Template')",
            run: "click",
        },
        {
            content: "The removed clause is listed",
            trigger: ".o_field_widget[name='template_diff']:contains('Mandatory clause removed: Payment')",
        },
        {
            content: "Approve",
            trigger: ".o_form_view button[name='action_approve']",
            run: "click",
        },
        {
            content: "The contract is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Approved')",
        },
    ],
});

registry.category("web_tour.tours").add("sale_contract_send", {
    steps: () => [
        {
            content: "Send the contract by email",
            trigger: ".o_form_view button[name='action_send']",
            run: "click",
        },
        {
            content: "The email links to the portal",
            trigger: ".modal .o_mail_composer_form_view, .modal .o_form_view",
        },
        {
            content: "Send",
            trigger: ".modal button[name='action_send_mail']",
            run: "click",
        },
        {
            content: "The contract is sent",
            trigger: "body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current:contains('Sent')",
        },
    ],
});

registry.category("web_tour.tours").add("sale_contract_portal_sign", {
    steps: () => [
        {
            content: "The customer reads the contract",
            trigger: "#sale_contract_content:contains('supplies to Baltic Office Supply SIA')",
        },
        {
            content: "Open the signature dialog",
            trigger: "a.o_sale_contract_sign",
            run: "click",
        },
        {
            content: "The contact person's name is filled in",
            trigger: ".modal .o_web_sign_name_and_signature input:value(Ilze Berzina)",
        },
        {
            content: "The signature is drawn from the name",
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "Sign",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The contract is signed",
            trigger: ".alert-success:contains('the contract is signed')",
        },
    ],
});
