//! Diesel's view of `schema.sql`. Keep the two in step: the migration test
//! applies `schema.sql` and queries every table declared here.

diesel::table! {
    schema_version (version) {
        version -> BigInt,
        applied_at -> Text,
    }
}

diesel::table! {
    nodes (id) {
        id -> BigInt,
        kind -> Text,
        name -> Text,
        folded -> Text,
        match_key -> Text,
        country -> Nullable<Text>,
        attributes -> Text,
        identity_key -> Nullable<Text>,
    }
}

diesel::table! {
    aliases (id) {
        id -> BigInt,
        node_id -> BigInt,
        alias -> Text,
        folded -> Text,
        match_key -> Text,
    }
}

diesel::table! {
    edges (id) {
        id -> BigInt,
        kind -> Text,
        from_id -> BigInt,
        to_id -> BigInt,
        title -> Nullable<Text>,
        attributes -> Text,
    }
}

diesel::table! {
    documents (id) {
        id -> BigInt,
        kind -> Text,
        title -> Nullable<Text>,
        url -> Nullable<Text>,
        published -> Nullable<Text>,
        language -> Nullable<Text>,
        publisher -> Nullable<Text>,
        sha256 -> Text,
        importer -> Text,
        imported_at -> Text,
        text -> Nullable<Text>,
        warnings -> Text,
        request -> Nullable<Text>,
    }
}

diesel::table! {
    contents (sha256, chunk) {
        sha256 -> Text,
        chunk -> BigInt,
        bytes -> Binary,
    }
}

diesel::table! {
    settings (key) {
        key -> Text,
        value -> Text,
    }
}

diesel::table! {
    reports (id) {
        id -> BigInt,
        document_id -> BigInt,
        local_id -> Text,
        agreement_id -> Nullable<BigInt>,
        commitment_id -> Nullable<BigInt>,
        date -> Nullable<Text>,
        stage -> Text,
        matched_because -> Nullable<Text>,
    }
}

diesel::table! {
    claims (id) {
        id -> BigInt,
        report_id -> BigInt,
        property -> Text,
        value -> Text,
        span_start -> Nullable<BigInt>,
        span_end -> Nullable<BigInt>,
        row_number -> Nullable<BigInt>,
        column_name -> Nullable<Text>,
        quote -> Nullable<Text>,
    }
}

diesel::table! {
    agreements (id) {
        id -> BigInt,
        kind -> Text,
        date -> Nullable<Text>,
        venue -> Nullable<Text>,
        document_count -> Nullable<BigInt>,
        total_jobs -> Nullable<BigInt>,
        total_investment_amount -> Nullable<Double>,
        total_investment_currency -> Nullable<Text>,
        total_horizon -> Nullable<Text>,
        source_count -> BigInt,
    }
}

diesel::table! {
    agreement_members (agreement_id, role, node_id) {
        agreement_id -> BigInt,
        node_id -> BigInt,
        role -> Text,
    }
}

diesel::table! {
    commitments (id) {
        id -> BigInt,
        operator_id -> BigInt,
        agreement_id -> Nullable<BigInt>,
        jobs -> Nullable<BigInt>,
        jobs_qualifier -> Nullable<Text>,
        existing_jobs -> Nullable<BigInt>,
        investment_amount -> Nullable<Double>,
        investment_currency -> Nullable<Text>,
        horizon -> Nullable<Text>,
        source_count -> BigInt,
        status -> Text,
        promised_jobs -> Nullable<BigInt>,
        promised_investment_amount -> Nullable<Double>,
        promised_investment_currency -> Nullable<Text>,
    }
}

diesel::table! {
    commitment_cities (commitment_id, city_id) {
        commitment_id -> BigInt,
        city_id -> BigInt,
    }
}

diesel::table! {
    commitment_sectors (commitment_id, sector_id) {
        commitment_id -> BigInt,
        sector_id -> BigInt,
    }
}

diesel::table! {
    observations (id) {
        id -> BigInt,
        indicator_code -> Text,
        indicator_name -> Nullable<Text>,
        subject_id -> Nullable<BigInt>,
        geography -> Nullable<Text>,
        period -> Text,
        value -> Double,
        unit -> Nullable<Text>,
        qualifier -> Nullable<Text>,
        dimensions -> Text,
        period_start -> Text,
        series -> Text,
        attributes -> Text,
    }
}

diesel::table! {
    evidence (id) {
        id -> BigInt,
        document_id -> BigInt,
        node_id -> Nullable<BigInt>,
        edge_id -> Nullable<BigInt>,
        agreement_id -> Nullable<BigInt>,
        commitment_id -> Nullable<BigInt>,
        observation_id -> Nullable<BigInt>,
        span_start -> Nullable<BigInt>,
        span_end -> Nullable<BigInt>,
        row_number -> Nullable<BigInt>,
        column_name -> Nullable<Text>,
        series_key -> Nullable<Text>,
        quote -> Nullable<Text>,
    }
}

diesel::joinable!(aliases -> nodes (node_id));
diesel::joinable!(commitments -> agreements (agreement_id));
diesel::joinable!(commitments -> nodes (operator_id));
diesel::joinable!(agreement_members -> agreements (agreement_id));
diesel::joinable!(agreement_members -> nodes (node_id));
diesel::joinable!(commitment_cities -> commitments (commitment_id));
diesel::joinable!(commitment_sectors -> commitments (commitment_id));
diesel::joinable!(evidence -> documents (document_id));
diesel::joinable!(reports -> documents (document_id));
diesel::joinable!(claims -> reports (report_id));

diesel::allow_tables_to_appear_in_same_query!(
    nodes,
    contents,
    settings,
    reports,
    claims,
    aliases,
    edges,
    documents,
    agreements,
    agreement_members,
    commitments,
    commitment_cities,
    commitment_sectors,
    observations,
    evidence,
);
